from etatcivil.models.birth_act import BirthAct
from etatcivil.models.mention import MarginalMention

__all__ = ["BirthAct", "MarginalMention"]
