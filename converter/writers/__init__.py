"""Writers turn one outline tree plus one style sheet into one file format."""
