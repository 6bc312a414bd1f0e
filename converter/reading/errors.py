"""The one error the reading chain raises: input it cannot read, with the reason in words."""


class ReadError(ValueError):
    """Input that is not text we can read (missing, empty, binary, undecodable)."""
