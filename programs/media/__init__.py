"""Photos and short clips of an exercise in the library (issue 17, "Media in the library").

- ``models``: ``ExerciseMedia``, one ordered photo or clip of an exercise.
- ``video``: reads a clip with ffprobe, refuses what is not a short phone clip, and
  writes a browser-playable copy without metadata and a poster frame with ffmpeg.
- ``services``: add, caption, reorder and remove media; stored files that are no
  longer used are deleted once the transaction commits.
- ``views``/``urls``: the practice pages; the files themselves go out through
  ``programs:media`` (``clinic.media.file_response``, with HTTP range requests).
"""
