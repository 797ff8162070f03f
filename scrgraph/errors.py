"""The one exception type that reaches users as a plain sentence."""


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
