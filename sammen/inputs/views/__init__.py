"""The staff pages for inputs: the sorting workbench, moderation and fast entry."""
