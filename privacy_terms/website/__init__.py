"""The site and its pages: both editions' translations, views of the dataset, templates, open data, the single file."""
