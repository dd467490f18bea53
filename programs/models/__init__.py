from programs.media.models import ExerciseMedia
from programs.models.exercise import Exercise, ExerciseQuerySet
from programs.models.log import ExerciseCompletion, SessionLog
from programs.models.program import ClientProgram, ProgramEvent, ProgramExercise, ProgramPhase
from programs.models.suggestion import SuggestionRule
from programs.models.template import ProgramTemplate, TemplateExercise, TemplatePhase

__all__ = [
    "ClientProgram",
    "Exercise",
    "ExerciseCompletion",
    "ExerciseMedia",
    "ExerciseQuerySet",
    "ProgramEvent",
    "ProgramExercise",
    "ProgramPhase",
    "ProgramTemplate",
    "SessionLog",
    "SuggestionRule",
    "TemplateExercise",
    "TemplatePhase",
]
