"""Style sheets as typed data: ``schema`` (typed tables), ``tables`` (every table a sheet holds),
``sheet`` (files, bases, overrides, the :class:`Style`), ``explain`` (every key with its type and unit).

``converter.styles`` re-exports the public names (it is part of the plug-in API).
"""
