package dev.gauntlet.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A seccomp deny-list for the sandbox (x86_64 only), handed to {@code bwrap --seccomp}. It shrinks the kernel
 * surface a program can reach: the listed system calls fail with EPERM, a system call made through another ABI
 * (i386 {@code int 0x80}, x32) kills the process, everything else is allowed. Interpreters and the JVM need none of
 * the listed calls. It is a deny-list, not an allow-list: it narrows the attack surface, it does not close it.
 */
final class SeccompFilter {

	/** Debuggers and other processes' memory, kernel subsystems with a history of exploits, and administration. */
	static final List<Integer> DENIED = List.of(101, // ptrace
			310, 311, // process_vm_readv, process_vm_writev
			298, // perf_event_open
			321, // bpf
			323, // userfaultfd
			425, 426, 427, // io_uring_setup, io_uring_enter, io_uring_register
			248, 249, 250, // add_key, request_key, keyctl
			246, 320, // kexec_load, kexec_file_load
			175, 313, 176, // init_module, finit_module, delete_module
			165, 166, 155, // mount, umount2, pivot_root
			272, 308, // unshare, setns
			303, 304, // name_to_handle_at, open_by_handle_at
			167, 168, 169, 163, 179, // swapon, swapoff, reboot, acct, quotactl
			172, 173, // iopl, ioperm
			212, // lookup_dcookie
			134, // uselib
			139, // sysfs
			156); // _sysctl

	private static final int AUDIT_ARCH_X86_64 = 0xC000003E;

	private static final int X32_SYSCALL_BIT = 0x40000000;

	private static final int RET_ALLOW = 0x7fff0000;

	private static final int RET_KILL_PROCESS = 0x80000000;

	private static final int RET_EPERM = 0x00050000 | 1;

	private static final short LD_W_ABS = 0x20;

	private static final short JEQ_K = 0x15;

	private static final short JGE_K = 0x35;

	private static final short RET_K = 0x06;

	private SeccompFilter() {
	}

	/** The compiled filter (struct sock_filter[]), for this machine's byte order. */
	static byte[] program() {
		int denied = DENIED.size();
		int deny = 5 + denied + 1; // index of the RET EPERM instruction
		ByteBuffer out = ByteBuffer.allocate((deny + 1) * 8).order(ByteOrder.nativeOrder());
		put(out, LD_W_ABS, 0, 0, 4); // 0: A = seccomp_data.arch
		put(out, JEQ_K, 1, 0, AUDIT_ARCH_X86_64); // 1: x86_64 ? skip 1 : next
		put(out, RET_K, 0, 0, RET_KILL_PROCESS); // 2: another ABI: kill
		put(out, LD_W_ABS, 0, 0, 0); // 3: A = seccomp_data.nr
		put(out, JGE_K, deny - 5, 0, X32_SYSCALL_BIT); // 4: x32 ABI: deny
		for (int i = 0; i < denied; i++) {
			int index = 5 + i;
			put(out, JEQ_K, deny - (index + 1), 0, DENIED.get(i));
		}
		put(out, RET_K, 0, 0, RET_ALLOW); // allow everything else
		put(out, RET_K, 0, 0, RET_EPERM); // deny
		return out.array();
	}

	private static void put(ByteBuffer out, short code, int jt, int jf, int k) {
		out.putShort(code);
		out.put((byte) jt);
		out.put((byte) jf);
		out.putInt(k);
	}

	/** Writes the filter where bwrap can read it, or empty where the filter does not apply (not x86_64). */
	static Optional<Path> install() {
		String arch = System.getProperty("os.arch");
		if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
			return Optional.empty();
		}
		try {
			Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gauntlet-sandbox-binds");
			Files.createDirectories(dir);
			byte[] program = program();
			Path file = dir.resolve("seccomp-" + Integer.toHexString(java.util.Arrays.hashCode(program)) + ".bpf");
			if (!Files.exists(file)) {
				Path temp = Files.createTempFile(dir, "seccomp", ".tmp");
				Files.write(temp, program);
				Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			return Optional.of(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not write the seccomp filter", ex);
		}
	}

}
