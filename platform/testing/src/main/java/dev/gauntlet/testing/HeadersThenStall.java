package dev.gauntlet.testing;

import java.io.IOException;
import java.io.OutputStream;

import com.sun.net.httpserver.HttpExchange;

/**
 * A server that answers 200 with its headers at once, then stalls the body: the case a timeout on the response
 * headers alone never ends. While it stalls it writes a space (leading whitespace is valid JSON) every
 * {@link #TRICKLE_MILLIS}, which keeps the connection busy and lets it notice when the client hangs up: the next
 * write fails.
 */
public final class HeadersThenStall {

	public static final long TRICKLE_MILLIS = 50;

	private HeadersThenStall() {
	}

	/**
	 * Stalls for {@code millis}, then sends {@code body} and ends the reply.
	 *
	 * @return true when the client closed the connection before the stall ended
	 */
	public static boolean serve(HttpExchange exchange, long millis, byte[] body) throws InterruptedException {
		long end = System.nanoTime() + millis * 1_000_000;
		try {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			out.flush();
			while (System.nanoTime() < end) {
				Thread.sleep(TRICKLE_MILLIS);
				out.write(' ');
				out.flush();
			}
			out.write(body);
			out.close();
			return false;
		}
		catch (IOException hungUp) {
			return true;
		}
	}

}
