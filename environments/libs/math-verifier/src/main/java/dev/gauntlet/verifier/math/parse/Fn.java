package dev.gauntlet.verifier.math.parse;

/** Functions the evaluator knows. */
public enum Fn {
	SQRT, ROOT, ABS, FACTORIAL, FLOOR, CEIL, BINOMIAL, EXP, LN, LOG,
	SIN, COS, TAN, SEC, CSC, COT, ASIN, ACOS, ATAN, SINH, COSH, TANH
}
