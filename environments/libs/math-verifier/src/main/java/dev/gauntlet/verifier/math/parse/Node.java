package dev.gauntlet.verifier.math.parse;

import dev.gauntlet.verifier.math.number.BigRational;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The exact symbolic form of an answer: what the parser produces and the comparator reads. */
public sealed interface Node {

	/**
	 * A number as written. {@code decimals} is the count of digits after the point, or -1 for an
	 * integer literal; it drives the precision inferred from a written decimal.
	 */
	record Num(BigRational value, int decimals, int significantDigits, boolean endsInZero)
			implements Node {
		public boolean isDecimal() {
			return decimals > 0;
		}
	}

	/** A variable, possibly subscripted ({@code y_1}). */
	record Sym(String name) implements Node {}

	/** π, e, i and ∞. */
	record Const(Constant constant) implements Node {}

	enum Constant { PI, E, I, INFINITY }

	record Neg(Node operand) implements Node {}

	record Add(Node left, Node right) implements Node {}

	record Sub(Node left, Node right) implements Node {}

	record Mul(Node left, Node right) implements Node {}

	record Div(Node left, Node right) implements Node {}

	record Pow(Node base, Node exponent) implements Node {}

	/** {@code left ± right}; {@code left} is null for a leading ±. Expands into two answers. */
	record PlusMinus(@Nullable Node left, Node right) implements Node {}

	record Call(Fn fn, List<Node> args) implements Node {}

	/** {@code x%}: x/100, or x itself when the other side dropped the unit. */
	record Percent(Node operand) implements Node {}

	/** {@code x°}: x·π/180, or x itself when the other side dropped the unit. */
	record Degrees(Node operand) implements Node {}

	/** An unknown function applied to an argument, {@code f(x)}: opaque but argument-sensitive. */
	record Applied(String name, Node argument) implements Node {}

	/** A numeral in another base, {@code 204_5}: compared by its digits, never converted. */
	record BaseNumeral(String digits, int base) implements Node {}

	/** Words: {@code \text{Evelyn}}, an option letter. Stored lower-cased, punctuation removed. */
	record Text(String normalized) implements Node {}

	/** {@code a:b}. */
	record Ratio(Node left, Node right) implements Node {}

	/** A parenthesised list {@code (a, b, c)}: ordered. {@code (a, b)} may also be an open interval. */
	record Tuple(List<Node> items) implements Node {}

	/** {@code \{a, b\}} or a bare list {@code a, b}: unordered. */
	record SetOf(List<Node> items, boolean braced) implements Node {}

	record Interval(Node low, Node high, boolean lowClosed, boolean highClosed) implements Node {}

	record Union(List<Node> parts) implements Node {}

	record Matrix(List<List<Node>> rows) implements Node {}

	/** A chain {@code a op b op c}; {@code ops.size() == operands.size() - 1}. */
	record Relation(List<Node> operands, List<RelOp> ops) implements Node {}

	/** {@code x \in S}: read as S. */
	record Membership(Node element, Node set) implements Node {}
}
