package dev.gauntlet.verifier.math.compare;

import dev.gauntlet.verifier.math.budget.BudgetExceeded;
import dev.gauntlet.verifier.math.parse.Node;
import dev.gauntlet.verifier.math.parse.RelOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Structural helpers over {@link Node}: free variables, ± expansion, assignments. */
final class Nodes {

	private static final int MAX_EXPANSIONS = 64;

	private Nodes() {}

	/** Variables, sorted so that sample values are assigned deterministically. */
	static Set<String> freeSymbols(Node node) {
		Set<String> out = new TreeSet<>();
		collectSymbols(node, out);
		return out;
	}

	private static void collectSymbols(Node node, Set<String> out) {
		switch (node) {
			case Node.Sym s -> out.add(s.name());
			default -> children(node).forEach(c -> collectSymbols(c, out));
		}
	}

	static boolean containsNumber(Node node) {
		if (node instanceof Node.Num) {
			return true;
		}
		for (Node c : children(node)) {
			if (containsNumber(c)) {
				return true;
			}
		}
		return false;
	}

	static boolean hasUnitMarks(Node node) {
		if (node instanceof Node.Percent || node instanceof Node.Degrees) {
			return true;
		}
		for (Node c : children(node)) {
			if (hasUnitMarks(c)) {
				return true;
			}
		}
		return false;
	}

	static boolean contains(Node node, Class<? extends Node> kind) {
		if (kind.isInstance(node)) {
			return true;
		}
		for (Node c : children(node)) {
			if (contains(c, kind)) {
				return true;
			}
		}
		return false;
	}

	static List<Node> children(Node node) {
		return switch (node) {
			case Node.Neg n -> List.of(n.operand());
			case Node.Add a -> List.of(a.left(), a.right());
			case Node.Sub a -> List.of(a.left(), a.right());
			case Node.Mul a -> List.of(a.left(), a.right());
			case Node.Div a -> List.of(a.left(), a.right());
			case Node.Pow a -> List.of(a.base(), a.exponent());
			case Node.Ratio a -> List.of(a.left(), a.right());
			case Node.PlusMinus p -> p.left() == null ? List.of(p.right()) : List.of(p.left(), p.right());
			case Node.Call c -> c.args();
			case Node.Percent p -> List.of(p.operand());
			case Node.Degrees d -> List.of(d.operand());
			case Node.Applied a -> List.of(a.argument());
			case Node.Tuple t -> t.items();
			case Node.SetOf s -> s.items();
			case Node.Interval i -> List.of(i.low(), i.high());
			case Node.Union u -> u.parts();
			case Node.Matrix m -> m.rows().stream().flatMap(List::stream).toList();
			case Node.Relation r -> r.operands();
			case Node.Membership m -> List.of(m.element(), m.set());
			default -> List.of();
		};
	}

	/** {@code x \in S} is read as S; applied at every level. */
	static Node withoutMembership(Node node) {
		return node instanceof Node.Membership m ? m.set() : node;
	}

	/**
	 * Replaces every ± by its two readings. A scalar with ± becomes an unordered list; inside a
	 * list the readings are flattened into it.
	 */
	static Node expandPlusMinus(Node node) {
		if (!contains(node, Node.PlusMinus.class)) {
			return node;
		}
		return switch (node) {
			case Node.SetOf s -> new Node.SetOf(flattenExpansions(s.items()), s.braced());
			case Node.Tuple t -> new Node.Tuple(t.items().stream().map(Nodes::expandPlusMinus).toList());
			case Node.Relation r -> {
				List<Node> readings = new ArrayList<>();
				for (List<Node> operands : cartesian(r.operands())) {
					readings.add(new Node.Relation(operands, r.ops()));
				}
				yield new Node.SetOf(readings, false);
			}
			default -> {
				List<Node> readings = expand(node);
				yield readings.size() == 1 ? readings.getFirst() : new Node.SetOf(readings, false);
			}
		};
	}

	private static List<Node> flattenExpansions(List<Node> items) {
		List<Node> out = new ArrayList<>();
		for (Node item : items) {
			Node e = expandPlusMinus(item);
			if (e instanceof Node.SetOf s && !s.braced() && !(item instanceof Node.SetOf)) {
				out.addAll(s.items());
			} else {
				out.add(e);
			}
		}
		return out;
	}

	private static List<List<Node>> cartesian(List<Node> nodes) {
		List<List<Node>> acc = List.of(List.of());
		for (Node n : nodes) {
			List<Node> options = expand(n);
			List<List<Node>> next = new ArrayList<>();
			for (List<Node> prefix : acc) {
				for (Node o : options) {
					List<Node> l = new ArrayList<>(prefix);
					l.add(o);
					next.add(l);
				}
			}
			if (next.size() > MAX_EXPANSIONS) {
				throw new BudgetExceeded("too many ± readings");
			}
			acc = next;
		}
		return acc;
	}

	/** All readings of a scalar expression with ±. */
	static List<Node> expand(Node node) {
		return switch (node) {
			case Node.PlusMinus p -> {
				List<Node> out = new ArrayList<>();
				for (Node r : expand(p.right())) {
					if (p.left() == null) {
						out.add(r);
						out.add(new Node.Neg(r));
					} else {
						for (Node l : expand(p.left())) {
							out.add(new Node.Add(l, r));
							out.add(new Node.Sub(l, r));
						}
					}
				}
				check(out);
				yield out;
			}
			case Node.Neg n -> map(n.operand(), Node.Neg::new);
			case Node.Add a -> pair(a.left(), a.right(), Node.Add::new);
			case Node.Sub a -> pair(a.left(), a.right(), Node.Sub::new);
			case Node.Mul a -> pair(a.left(), a.right(), Node.Mul::new);
			case Node.Div a -> pair(a.left(), a.right(), Node.Div::new);
			case Node.Pow a -> pair(a.base(), a.exponent(), Node.Pow::new);
			case Node.Percent p -> map(p.operand(), Node.Percent::new);
			case Node.Degrees d -> map(d.operand(), Node.Degrees::new);
			case Node.Call c -> cartesian(c.args()).stream().map(args -> (Node) new Node.Call(c.fn(), args)).toList();
			default -> List.of(node);
		};
	}

	private static List<Node> map(Node child, UnaryOperator<Node> f) {
		return expand(child).stream().map(f).toList();
	}

	private static List<Node> pair(Node l, Node r, BinaryOperator<Node> f) {
		List<Node> out = new ArrayList<>();
		for (Node a : expand(l)) {
			for (Node b : expand(r)) {
				out.add(f.apply(a, b));
			}
		}
		check(out);
		return out;
	}

	private static void check(List<Node> readings) {
		if (readings.size() > MAX_EXPANSIONS) {
			throw new BudgetExceeded("too many ± readings");
		}
	}

	/**
	 * A single equation that names a value: {@code x = 5}, {@code f(x) = x^2},
	 * {@code (x, y) = (1, 2)}, or {@code S_1:S = 7:32} (no numbers on the left, none of the
	 * variables on the right). Its right side is then the answer.
	 */
	static @Nullable Node assignedValue(Node node) {
		if (!(node instanceof Node.Relation r) || r.ops().size() != 1 || r.ops().getFirst() != RelOp.EQ) {
			return null;
		}
		Node lhs = r.operands().getFirst();
		Node rhs = r.operands().getLast();
		if (isName(lhs) || (!containsNumber(lhs) && freeSymbols(rhs).isEmpty())) {
			return rhs;
		}
		return null;
	}

	private static boolean isName(Node n) {
		return switch (n) {
			case Node.Sym ignored -> true;
			case Node.Applied ignored -> true;
			case Node.Tuple t -> t.items().stream().allMatch(Nodes::isName);
			default -> false;
		};
	}

	/** The item itself, or the value it assigns. */
	static Node stripAssignment(Node n) {
		Node v = assignedValue(n);
		return v == null ? n : v;
	}

	static boolean isInfinity(Node n) {
		return n instanceof Node.Const c && c.constant() == Node.Constant.INFINITY;
	}

	/** +1 for ∞, -1 for -∞, 0 for anything else. */
	static int infinitySign(Node n) {
		if (isInfinity(n)) {
			return 1;
		}
		if (n instanceof Node.Neg neg && isInfinity(neg.operand())) {
			return -1;
		}
		return 0;
	}

	/** The literal when the node is a written decimal such as {@code 33.3} or {@code -0.25}. */
	static Node.@Nullable Num decimalLiteral(Node n) {
		if (n instanceof Node.Neg neg) {
			n = neg.operand();
		}
		return n instanceof Node.Num num && num.isDecimal() ? num : null;
	}
}
