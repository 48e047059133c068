package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tee4j} launcher script finds its project folder through symlinks (issue 14 item 28:
 * linked into a folder on the PATH it ran Maven in that folder). The script is run for real with
 * bash, in a copy of the project layout holding a placeholder jar, and a stand-in {@code java}
 * that prints the jar it was given, so nothing is built or started.
 */
class LauncherTest {

    @Test
    void aSymlinkedLauncherRunsTheJarOfItsOwnFolder(@TempDir Path dir) throws Exception {
        Path launcher = Paths.get(System.getProperty("user.dir")).getParent().resolve("tee4j");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.copy(launcher, project.resolve("tee4j"));
        Files.setPosixFilePermissions(project.resolve("tee4j"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.createDirectories(project.resolve("cli/target")).resolve("tee4j-cli-0.0.0-all.jar");
        Files.write(jar, new byte[0]);
        Path fakeJava = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"java $*\"\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        // A chain of links, the last one relative, as "ln -s ../project/tee4j ~/bin/tee4j" makes.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.createSymbolicLink(other.resolve("tee4j-link"), project.resolve("tee4j"));
        Files.createSymbolicLink(bin.resolve("tee4j"), Path.of("../other/tee4j-link"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Cli.Result r = Cli.exec(List.of("bash", bin.resolve("tee4j").toString(), "version"), elsewhere,
                Map.of("JAVA_HOME", dir.resolve("jdk").toString(), "TEE4J_NO_CDS", "1",
                        "PATH", "/usr/bin:/bin"), Duration.ofSeconds(30));
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("-cp " + project.toRealPath().resolve("cli/target/tee4j-cli-0.0.0-all.jar")
                + " io.tee4j.cli.Main version"), r.toString());
        assertTrue(!r.err().contains("building"), "nothing was built: " + r);
    }
}
