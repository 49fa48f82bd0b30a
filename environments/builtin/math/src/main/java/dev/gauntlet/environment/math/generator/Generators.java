package dev.gauntlet.environment.math.generator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The built-in generators, by kind. */
public final class Generators {

	private static final List<ProblemGenerator> ALL = List.of(new ArithmeticGenerator(), new FractionGenerator(),
			new LinearEquationGenerator(), new LinearSystemGenerator(), new PolynomialExpansionGenerator(),
			new QuadraticRootsGenerator());

	private static final Map<String, ProblemGenerator> BY_KIND = ALL.stream()
		.collect(Collectors.toUnmodifiableMap(ProblemGenerator::kind, Function.identity()));

	private Generators() {
	}

	public static List<ProblemGenerator> all() {
		return ALL;
	}

	public static Optional<ProblemGenerator> byKind(String kind) {
		return Optional.ofNullable(BY_KIND.get(kind));
	}

}
