"""Moving questions and flashcards between das and other tools: export to Anki (.apkg and text import)
and Moodle GIFT, import of markdown, GIFT and das CSV banks into a user content folder.

Pure logic and file formats: nothing here draws on the terminal or prompts.
"""
