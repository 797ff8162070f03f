"""The exceptions that reach users as one plain sentence: ScrgraphError and its kinds, for callers that tell them apart."""


class ScrgraphError(Exception):
    """A problem the user can fix, described in one plain sentence.

    The command line prints the message (never a traceback) and exits with a non-zero code.

    Examples
    --------
    >>> raise ScrgraphError("The file reviews.yaml does not exist.")
    Traceback (most recent call last):
    ...
    scrgraph.errors.ScrgraphError: The file reviews.yaml does not exist.
    """

    exit_code = 1


class InputError(ScrgraphError):
    """A file, record, document, tracker or option value that cannot be used as given."""


class StoreError(ScrgraphError):
    """The store cannot be opened or written: missing, in use by another command, damaged, or another version."""


class QueryError(ScrgraphError):
    """A saved query or SPARQL text that cannot run, or that would change the store or reach the network."""


class ServerError(ScrgraphError):
    """A server scrgraph was pointed at (a shared SPARQL store, Neo4j) refused or could not be reached."""
