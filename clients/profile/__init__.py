"""The clinic's public profile: description, photos, practitioner profiles (owner edits)."""
