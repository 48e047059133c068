package io.tee4j.cli;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.nvgpu.abi.EvidenceList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --evidence} files of {@code tee4j verify} as one evidence content: one file as it is (decoded from
 * PEM, hex or base64 text); several only for nvidia-gpu, where each is one of NVIDIA's JSON evidence lists (the
 * GPUs', the NVSwitches') and they are joined in the order given.
 */
final class EvidenceFiles {
    private EvidenceFiles() {
    }

    static byte[] read(TeeType type, List<Path> files) throws UsageException, MalformedEvidenceException {
        if (files.size() == 1) {
            return InputFiles.readDecoded(files.get(0), "evidence");
        }
        if (type != TeeType.NVIDIA_GPU) {
            throw new UsageException("--evidence is given " + files.size() + " times; only nvidia-gpu evidence lists "
                    + "may be joined (for CPU+GPU evidence use --gpu-evidence beside the CPU's --evidence)");
        }
        return lists(files);
    }

    /** Several NVIDIA evidence lists as one. */
    static byte[] lists(List<Path> files) throws UsageException, MalformedEvidenceException {
        List<byte[]> lists = new ArrayList<>();
        for (Path f : files) {
            byte[] content = InputFiles.readDecoded(f, "evidence");
            if (!EvidenceList.looksLikeList(content)) {
                throw new UsageException("evidence " + f + ": to join several files each must be NVIDIA's JSON "
                        + "evidence list (a JSON array)");
            }
            lists.add(content);
        }
        return lists.size() == 1 ? lists.get(0) : EvidenceList.merge(lists);
    }
}
