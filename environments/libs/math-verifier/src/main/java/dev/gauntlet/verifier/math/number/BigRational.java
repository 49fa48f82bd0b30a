package dev.gauntlet.verifier.math.number;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An exact rational number p/q in lowest terms with q > 0.
 *
 * <p>Exact comparison before any float tolerance is what keeps {@code 1/2^100} apart from
 * {@code 1/2^99}: both underflow nothing here and are simply different fractions.
 */
public record BigRational(BigInteger num, BigInteger den) implements Comparable<BigRational> {

	public static final BigRational ZERO = new BigRational(BigInteger.ZERO, BigInteger.ONE);
	public static final BigRational ONE = new BigRational(BigInteger.ONE, BigInteger.ONE);

	public BigRational {
		if (den.signum() == 0) {
			throw new ArithmeticException("zero denominator");
		}
	}

	public static BigRational of(long n) {
		return new BigRational(BigInteger.valueOf(n), BigInteger.ONE);
	}

	public static BigRational of(BigInteger n) {
		return new BigRational(n, BigInteger.ONE);
	}

	public static BigRational of(BigInteger n, BigInteger d) {
		if (d.signum() == 0) {
			throw new ArithmeticException("division by zero");
		}
		if (d.signum() < 0) {
			n = n.negate();
			d = d.negate();
		}
		if (d.equals(BigInteger.ONE)) {
			return new BigRational(n, d);
		}
		if (d.bitCount() == 1) {
			// A power-of-two denominator reduces by shifting; no gcd on big numerators.
			int shift = Math.min(n.signum() == 0 ? d.getLowestSetBit() : n.getLowestSetBit(), d.getLowestSetBit());
			return new BigRational(n.shiftRight(shift), d.shiftRight(shift));
		}
		BigInteger g = n.gcd(d);
		if (!g.equals(BigInteger.ONE)) {
			n = n.divide(g);
			d = d.divide(g);
		}
		return new BigRational(n, d);
	}

	/** Parses a plain decimal literal such as {@code 12.50} or {@code .5} exactly. */
	public static BigRational ofDecimal(String literal) {
		BigDecimal d = new BigDecimal(literal.startsWith(".") ? "0" + literal : literal);
		if (d.scale() <= 0) {
			return of(d.toBigIntegerExact());
		}
		return of(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
	}

	public boolean isZero() {
		return num.signum() == 0;
	}

	public boolean isInteger() {
		return den.equals(BigInteger.ONE);
	}

	public int signum() {
		return num.signum();
	}

	public BigRational add(BigRational o) {
		// With one integer side the sum is already in lowest terms: gcd(a·d + c, d) = gcd(c, d) = 1.
		if (o.den.equals(BigInteger.ONE)) {
			return new BigRational(num.add(o.num.multiply(den)), den);
		}
		if (den.equals(BigInteger.ONE)) {
			return new BigRational(o.num.add(num.multiply(o.den)), o.den);
		}
		if (den.equals(o.den)) {
			return of(num.add(o.num), den);
		}
		return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
	}

	public BigRational subtract(BigRational o) {
		return add(o.negate());
	}

	public BigRational multiply(BigRational o) {
		if (den.equals(BigInteger.ONE) && o.den.equals(BigInteger.ONE)) {
			return new BigRational(num.multiply(o.num), BigInteger.ONE);
		}
		return of(num.multiply(o.num), den.multiply(o.den));
	}

	public BigRational divide(BigRational o) {
		return of(num.multiply(o.den), den.multiply(o.num));
	}

	public BigRational negate() {
		return new BigRational(num.negate(), den);
	}

	public BigRational abs() {
		return num.signum() < 0 ? negate() : this;
	}

	public BigRational pow(int exponent) {
		if (exponent >= 0) {
			return new BigRational(num.pow(exponent), den.pow(exponent));
		}
		return of(den.pow(-exponent), num.pow(-exponent));
	}

	/** Bits needed to write this number, a cheap size guard before costly operations. */
	public long bitSize() {
		return (long) num.bitLength() + den.bitLength();
	}

	public double toDouble() {
		if (num.bitLength() < 1000 && den.bitLength() < 1000) {
			return num.doubleValue() / den.doubleValue();
		}
		// Keep the ratio meaningful when both parts overflow a double.
		return new BigDecimal(num).divide(new BigDecimal(den), java.math.MathContext.DECIMAL64).doubleValue();
	}

	/** This value rounded to {@code places} decimals with the given mode. */
	public BigDecimal toDecimal(int places, RoundingMode mode) {
		return new BigDecimal(num).divide(new BigDecimal(den), places, mode);
	}

	/** True when the decimal expansion ends within {@code places} digits after the point. */
	public boolean terminatesWithin(int places) {
		BigInteger d = den;
		int twos = d.getLowestSetBit();
		d = d.shiftRight(twos);
		int fives = 0;
		BigInteger five = BigInteger.valueOf(5);
		while (d.mod(five).signum() == 0) {
			d = d.divide(five);
			fives++;
		}
		return d.equals(BigInteger.ONE) && Math.max(twos, fives) <= places;
	}

	@Override
	public int compareTo(BigRational o) {
		return num.multiply(o.den).compareTo(o.num.multiply(den));
	}

	@Override
	public String toString() {
		return isInteger() ? num.toString() : num + "/" + den;
	}
}
