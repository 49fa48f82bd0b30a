from gauntlet_engine.models.nemotron_h.config import ModelConfig
from gauntlet_engine.models.nemotron_h.model import NemotronH

__all__ = ["ModelConfig", "NemotronH"]
