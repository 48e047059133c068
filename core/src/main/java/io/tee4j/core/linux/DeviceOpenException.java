package io.tee4j.core.linux;

import io.tee4j.core.TeeUnavailableException;
import java.util.List;
import java.util.Objects;

/**
 * A device file could not be opened. The message names the path, the {@code errno} and what to
 * do: for {@code ENOENT}/{@code ENODEV}/{@code ENXIO} that the driver is not loaded or this is
 * not a confidential VM; for {@code EACCES}/{@code EPERM} that the process lacks permission (run
 * as root or grant access to the device node, e.g. by a udev rule and group).
 *
 * @since 0.1
 */
public class DeviceOpenException extends TeeUnavailableException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int errno;

    /**
     * @param path the device path
     * @param errno the {@code errno} that {@code open(2)} left
     * @param hint what to do, appended to the message; may be empty
     */
    public DeviceOpenException(String path, int errno, String hint) {
        super(message(path, errno, hint), List.of(Objects.requireNonNull(path, "path") + ": " + Errno.name(errno)));
        this.path = path;
        this.errno = errno;
    }

    private static String message(String path, int errno, String hint) {
        String what;
        switch (errno) {
            case Errno.ENOENT:
                what = "does not exist";
                break;
            case Errno.EACCES:
            case Errno.EPERM:
                what = "permission denied";
                break;
            case Errno.ENODEV:
            case Errno.ENXIO:
                what = "no device behind the node";
                break;
            default:
                what = "cannot be opened";
                break;
        }
        String m = "device " + path + " " + what + " (" + Errno.name(errno) + ")";
        return hint == null || hint.isEmpty() ? m : m + "; " + hint;
    }

    /** The device path. */
    public String path() {
        return path;
    }

    /** The {@code errno} from {@code open(2)}. */
    public int errno() {
        return errno;
    }

    /** The symbolic name of {@link #errno()}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The default hint for an {@code errno} from {@code open(2)} of a TEE guest device. */
    public static String defaultHint(int errno) {
        switch (errno) {
            case Errno.ENOENT:
            case Errno.ENODEV:
            case Errno.ENXIO:
                return "the guest driver is not loaded or this is not a confidential VM "
                        + "(check dmesg, load the driver module, e.g. modprobe sev-guest or tdx-guest)";
            case Errno.EACCES:
            case Errno.EPERM:
                return "run as root or grant this user read-write access to the device node "
                        + "(e.g. a udev rule giving a group rw access)";
            case Errno.EBUSY:
                return "another process holds the device exclusively; retry later";
            default:
                return "";
        }
    }
}
