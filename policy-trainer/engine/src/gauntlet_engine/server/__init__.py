"""The engine's HTTP server (port 8000): internal training API now; OpenAI-compatible generation is added
beside it as another route module over the same ``EngineState`` (issue 8)."""
