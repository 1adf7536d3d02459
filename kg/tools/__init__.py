"""Developer checks that read the package's own source."""
