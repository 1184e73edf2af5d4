"""The shared kernel: building blocks every app may use and that import no app.

See ARCHITECTURE.md for the layers. Nothing in ``portal.core`` imports ``portal.pages``,
a feature (``search``, ``portal.editorial`` …) or a domain app (``directory``,
``locations``, ``faq``); those find each other through the registries kept here.
"""
