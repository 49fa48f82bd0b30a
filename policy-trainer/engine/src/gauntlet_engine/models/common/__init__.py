"""Building blocks shared by hybrid models: norms, relu² MLP, GQA attention, Mamba-2 mixer, MoE."""
