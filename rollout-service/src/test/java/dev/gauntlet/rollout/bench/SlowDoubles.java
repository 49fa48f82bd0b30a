package dev.gauntlet.rollout.bench;

import java.io.IOException;

import dev.gauntlet.rollout.DeskEnvironment;
import dev.gauntlet.rollout.TemplateModel;

/**
 * The load benchmark's far side, in its own process so that its sockets and threads are not counted against
 * rollout-service: the test environment, and the tokenizing policy double answering every call after exactly
 * {@code args[0]} milliseconds. Prints {@code READY <environment url> <policy url>} and runs until stdin closes.
 */
public final class SlowDoubles {

	private SlowDoubles() {
	}

	public static void main(String[] args) throws IOException {
		long delay = Long.parseLong(args[0]);
		try (DeskEnvironment desk = DeskEnvironment.start();
				TemplateModel model = TemplateModel.start(r -> TemplateModel.Reply.sample(r, "The answer is 42.").after(delay))) {
			System.out.println("READY " + desk.url() + " " + model.baseUrl());
			System.out.flush();
			while (System.in.read() >= 0) {
				// wait for the parent to close stdin
			}
		}
	}

}
