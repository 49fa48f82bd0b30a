package dev.gauntlet.verifier.math.parse;

/** Relation operators; {@code >} and {@code ≥} are kept as written and flipped by the comparator. */
public enum RelOp {
	EQ, NE, LT, LE, GT, GE;

	public RelOp flipped() {
		return switch (this) {
			case LT -> GT;
			case LE -> GE;
			case GT -> LT;
			case GE -> LE;
			default -> this;
		};
	}
}
