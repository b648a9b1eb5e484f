"""Machinery every stage uses and none of the data: problems as values, files read safely, workers, the cache, dates."""
