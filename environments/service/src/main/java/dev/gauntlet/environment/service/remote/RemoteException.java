package dev.gauntlet.environment.service.remote;

/** A call to a remote environment failed: unreachable, too slow, refused, or it answered something unusable. */
public class RemoteException extends RuntimeException {

	public RemoteException(String message) {
		super(message);
	}

}
