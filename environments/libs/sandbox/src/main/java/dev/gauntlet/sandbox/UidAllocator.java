package dev.gauntlet.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Hands out host uids so that no two live sandboxes on this host share one, even across JVMs: each
 * uid is held through an exclusive lock on its own file. Why distinct: RLIMIT_NPROC counts the
 * processes of a uid, so two sandboxes with one uid would share (and could exhaust) one budget.
 */
final class UidAllocator {
	private final Path directory;
	private final int base;
	private final int count;

	UidAllocator(Path directory, int base, int count) {
		this.directory = directory;
		this.base = base;
		this.count = count;
	}

	/** A held uid; closing it releases the uid for another sandbox. */
	record Lease(int uid, FileChannel channel, FileLock lock) implements AutoCloseable {
		@Override
		public void close() {
			try {
				lock.release();
				channel.close();
			} catch (IOException ignored) {
				// the lock dies with the channel or the process anyway
			}
		}
	}

	Lease acquire() throws IOException {
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
					PosixFilePermissions.fromString("rwx------")));
		}
		for (int i = 0; i < count; i++) {
			int uid = base + i;
			FileChannel channel = FileChannel.open(directory.resolve("uid-" + uid + ".lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			try {
				FileLock lock = channel.tryLock();
				if (lock != null) {
					return new Lease(uid, channel, lock);
				}
			} catch (OverlappingFileLockException heldInThisJvm) {
				// another worker of this JVM has it
			}
			channel.close();
		}
		throw new IOException("all " + count + " sandbox uids from " + base + " are in use");
	}
}
