"""scrgraph: a knowledge graph of safeguarding case reviews, and the saved queries boards ask of it.

The engine reads review records (see :mod:`scrgraph.record`), keeps them in a persistent RDF store
(:mod:`scrgraph.store`) and answers saved queries. Analyst-editable knowledge (the ontology, the
agency gazetteer, themes, loader profiles and saved queries) lives in data files shipped with the
package; see :mod:`scrgraph.resources`.
"""

__version__ = "0.1.0"
