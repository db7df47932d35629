package dev.loadbearing.grading;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A seccomp filter for bubblewrap's {@code --seccomp FD}: a classic-BPF program (the
 * {@code struct sock_filter} array the kernel takes) that makes the system calls a grading JVM
 * never needs fail with {@code EPERM}: kernel modules, mounts, namespaces, tracing other
 * processes, BPF, perf events, keyrings, io_uring, userfaultfd, reboot and the like. Everything
 * else is allowed, so the JVM works as usual; the filter only shrinks the kernel surface a
 * sandbox escape could use. Built for x86-64 only (system call numbers differ per architecture);
 * elsewhere there is no filter. A call from another ABI (x32, i386) is refused outright.
 */
final class Seccomp {
    /** x86-64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl) the filter refuses. */
    static final Map<String, Integer> DENIED_X86_64 = Map.ofEntries(
            Map.entry("ptrace", 101), Map.entry("process_vm_readv", 310), Map.entry("process_vm_writev", 311),
            Map.entry("personality", 135), Map.entry("pivot_root", 155), Map.entry("acct", 163), Map.entry("mount", 165),
            Map.entry("umount2", 166), Map.entry("swapon", 167), Map.entry("swapoff", 168), Map.entry("reboot", 169),
            Map.entry("init_module", 175), Map.entry("delete_module", 176), Map.entry("kexec_load", 246),
            Map.entry("add_key", 248), Map.entry("request_key", 249), Map.entry("keyctl", 250), Map.entry("unshare", 272),
            Map.entry("perf_event_open", 298), Map.entry("name_to_handle_at", 303), Map.entry("open_by_handle_at", 304),
            Map.entry("setns", 308), Map.entry("finit_module", 313), Map.entry("kexec_file_load", 320), Map.entry("bpf", 321),
            Map.entry("userfaultfd", 323), Map.entry("io_uring_setup", 425), Map.entry("io_uring_enter", 426),
            Map.entry("io_uring_register", 427), Map.entry("open_tree", 428), Map.entry("move_mount", 429),
            Map.entry("fsopen", 430), Map.entry("fsconfig", 431), Map.entry("fsmount", 432), Map.entry("fspick", 433));

    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int SECCOMP_RET_ALLOW = 0x7FFF0000;
    private static final int SECCOMP_RET_ERRNO = 0x00050000;
    private static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    private static final int EPERM = 1;
    // BPF opcodes
    private static final short LD_W_ABS = 0x20;
    private static final short JEQ_K = 0x15;
    private static final short JGE_K = 0x35;
    private static final short RET_K = 0x06;

    private Seccomp() {
    }

    /** The filter program for this machine, or empty where there is none (not x86-64). */
    static Optional<byte[]> program() {
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return Optional.empty();
        }
        List<Integer> denied = DENIED_X86_64.values().stream().sorted().toList();
        int n = denied.size();
        // 0: load arch; 1: arch == x86-64 ? next : kill; 2: load nr; 3: nr >= x32 bit ? kill : next;
        // 4..4+n-1: nr == denied[i] ? deny : next; then allow, deny, kill.
        ByteBuffer out = ByteBuffer.allocate((n + 7) * 8).order(ByteOrder.nativeOrder());
        int allow = 4 + n;
        int deny = allow + 1;
        int kill = deny + 1;
        insn(out, LD_W_ABS, 0, 0, 4); // seccomp_data.arch
        insn(out, JEQ_K, 0, kill - 2, AUDIT_ARCH_X86_64);
        insn(out, LD_W_ABS, 0, 0, 0); // seccomp_data.nr
        insn(out, JGE_K, kill - 4, 0, X32_SYSCALL_BIT);
        for (int i = 0; i < n; i++) {
            int at = 4 + i;
            insn(out, JEQ_K, deny - at - 1, 0, denied.get(i));
        }
        insn(out, RET_K, 0, 0, SECCOMP_RET_ALLOW);
        insn(out, RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM);
        insn(out, RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS);
        return Optional.of(java.util.Arrays.copyOf(out.array(), out.position()));
    }

    /** Writes the program beside the worker jar (readable by all: bubblewrap reads it as the sandbox uid's parent). */
    static Optional<Path> write(Path dir) throws IOException {
        Optional<byte[]> program = program();
        if (program.isEmpty()) {
            return Optional.empty();
        }
        Path file = dir.resolve("seccomp-" + Integer.toHexString(java.util.Arrays.hashCode(program.get())) + ".bpf");
        if (!Files.exists(file)) {
            Path tmp = Files.createTempFile(dir, "seccomp", ".tmp");
            Files.write(tmp, program.get());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return Optional.of(file);
    }

    private static void insn(ByteBuffer out, short code, int jt, int jf, int k) {
        if (jt > 255 || jf > 255) {
            throw new IllegalStateException("jump too far");
        }
        out.putShort(code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
