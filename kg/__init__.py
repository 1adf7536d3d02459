"""conflict-kg: conflict news into a knowledge graph linked to Wikidata."""

__version__ = "0.1.0"
