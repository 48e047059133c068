package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher records its start-up archive with a training run of real {@code verify} commands
 * ({@link StartupTraining}), not from whatever command ran first (issue 23 section 2: the archive
 * then held the 251 classes of {@code version} or {@code demo}), and picks the archive kind the
 * runtime supports: the AOT cache on JDK 25 or newer, AppCDS before. The script runs for real with
 * bash against a placeholder jar and a stand-in {@code java} that logs its arguments and writes the
 * archive file it is asked to record, so nothing is built or started.
 */
class LauncherArchiveTest {

    @Test
    void jdk25RecordsAnAotCacheOnTheTrainingRunThenUsesIt(@TempDir Path dir) throws Exception {
        List<String> calls = runTwice(dir, "25.0.3");
        String jar = jar(dir);
        assertEquals(3, calls.size(), "one training run, then one run per command: " + calls);
        assertTrue(calls.get(0).contains("-XX:AOTCacheOutput=" + jar.replace(".jar", ".")), calls.get(0));
        assertTrue(calls.get(0).endsWith("-cp " + jar + " io.tee4j.cli.StartupTraining"), calls.get(0));
        assertTrue(!calls.get(0).contains("-Xshare:auto"), "JDK 25 refuses -Xshare:auto beside AOTCacheOutput");
        for (String command : calls.subList(1, 3)) {
            assertTrue(command.matches(".*-XX:AOTCache=\\S+\\.aot -XX:TieredStopAtLevel=1 -cp \\S+ io\\.tee4j\\.cli\\.Main version$"), command);
        }
    }

    /**
     * Before JDK 25 the archive is a static one, dumped from the training run's class list: a
     * dynamic archive ({@code -XX:ArchiveClassesAtExit}, what the launcher recorded before) skips
     * picocli's classes, which are compiled for Java 5 (issue 23 section 2: 142 more classes shared).
     */
    @Test
    void olderJdksDumpAStaticCdsArchiveFromTheTrainingRunsClassListThenUseIt(@TempDir Path dir) throws Exception {
        List<String> calls = runTwice(dir, "17.0.15");
        String jar = jar(dir);
        assertEquals(4, calls.size(), "a training run and a dump, then one run per command: " + calls);
        assertTrue(calls.get(0).contains("-Xshare:off -XX:DumpLoadedClassList="), calls.get(0));
        assertTrue(calls.get(0).endsWith("-cp " + jar + " io.tee4j.cli.StartupTraining"), calls.get(0));
        assertTrue(!calls.get(0).contains("ArchiveClassesAtExit"), calls.get(0));
        assertTrue(calls.get(1).matches(".* -Xshare:dump -XX:SharedClassListFile=\\S+\\.classes "
                + "-XX:SharedArchiveFile=\\S+\\.jsa\\.\\d+\\.tmp -cp " + jar.replace(".", "\\.") + "$"), calls.get(1));
        assertTrue(Files.list(dir.resolve("project/cli/target")).noneMatch(p -> p.toString().endsWith(".classes")),
                "the class list is removed after the dump");
        for (String command : calls.subList(2, 4)) {
            assertTrue(command.matches(".*-XX:SharedArchiveFile=\\S+\\.jsa -XX:TieredStopAtLevel=1 -cp \\S+ io\\.tee4j\\.cli\\.Main version$"), command);
        }
    }

    @Test
    void aTrainingRunThatRecordsNothingIsNotRetriedOnEveryCommand(@TempDir Path dir) throws Exception {
        List<String> calls = run(dir, "17.0.15", false, "version", "version");
        assertEquals(3, calls.size(), "one failed training run, then the commands without an archive: " + calls);
        assertTrue(calls.get(0).endsWith("io.tee4j.cli.StartupTraining"), calls.get(0));
        for (String command : calls.subList(1, 3)) {
            assertTrue(!command.contains("SharedArchiveFile") && command.endsWith(" version"), command);
        }
    }

    @Test
    void shortCommandsRunWithTheClientCompilerOnlyLongRunningOnesKeepTheFullJit(@TempDir Path dir) throws Exception {
        List<String> calls = run(dir, "25.0.1", true, "verify", "serve", "demo", "show");
        assertTrue(calls.get(1).endsWith("-XX:TieredStopAtLevel=1 -cp " + jar(dir) + " io.tee4j.cli.Main verify"), calls.get(1));
        assertTrue(!calls.get(2).contains("TieredStopAtLevel"), calls.get(2));
        assertTrue(!calls.get(3).contains("TieredStopAtLevel"), calls.get(3));
        assertTrue(calls.get(4).endsWith("-XX:TieredStopAtLevel=1 -cp " + jar(dir) + " io.tee4j.cli.Main show"), calls.get(4));
    }

    @Test
    void aBuildThatLeavesTheJarUntouchedIsNotRepeatedOnEveryRun(@TempDir Path dir) throws Exception {
        // A main source changed after the jar, and Maven (a stand-in here) leaves the jar's time as it was.
        List<String> calls = run(dir, "17.0.15", true, "version");
        Files.writeString(dir.resolve("project/pom.xml"), "<project/>");
        dir.resolve("project/pom.xml").toFile().setLastModified(System.currentTimeMillis() - 7_200_000);
        Path source = Files.createDirectories(dir.resolve("project/cli/src/main/java")).resolve("Some.java");
        Files.writeString(source, "class Some {}");
        assertEquals(List.of("built"), launchTwice(dir), "built once, not on every run");
        assertTrue(calls.size() >= 2, calls.toString());
    }

    /**
     * The staleness scan reads only what goes into the jar (POMs and the modules' src/main), and
     * nothing where no pom.xml is beside the launcher (issue 23 section 2: scanning the whole tree
     * took ~10 ms of every command): a changed test source rebuilds nothing, a main source, a
     * resource, a POM or a removed source file rebuilds.
     */
    @Test
    void onlyWhatGoesIntoTheJarMakesItStale(@TempDir Path dir) throws Exception {
        run(dir, "17.0.15", true, "version");
        Path project = dir.resolve("project");
        Path testSource = Files.createDirectories(project.resolve("cli/src/test/java")).resolve("SomeTest.java");
        Files.writeString(testSource, "class SomeTest {}");
        assertEquals(List.of(), launchTwice(dir), "no pom.xml beside the launcher: a jar it cannot rebuild");
        Path pom = Files.writeString(project.resolve("pom.xml"), "<project/>");
        pom.toFile().setLastModified(System.currentTimeMillis() - 7_200_000);
        assertEquals(List.of(), launchTwice(dir), "a test source does not go into the jar");
        Path resources = Files.createDirectories(project.resolve("core/src/main/resources/x"));
        Path resource = Files.writeString(resources.resolve("r.txt"), "r");
        assertEquals(List.of("built"), launchTwice(dir), "a new resource");
        Files.writeString(project.resolve("core/pom.xml"), "<project/>");
        assertEquals(List.of("built", "built"), launchTwice(dir), "a module's POM");
        Thread.sleep(50); // past the file system clock's tick: the removal is later than the jar's touch
        Files.delete(resource);
        assertEquals(List.of("built", "built", "built"), launchTwice(dir), "a removed file: its folder changed");
    }

    /** Runs the launcher twice with a stand-in {@code mvn}; the builds it ran so far, one line each. */
    private static List<String> launchTwice(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("fakebin"));
        Path builds = dir.resolve("builds.log");
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho built >> '" + builds + "'\n");
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (int i = 0; i < 2; i++) {
            Cli.Result r = Cli.exec(List.of("bash", dir.resolve("project/tee4j").toString(), "version"), dir,
                    Map.of("JAVA_HOME", dir.resolve("jdk").toString(), "PATH", bin + ":/usr/bin:/bin"),
                    Duration.ofSeconds(30));
            assertEquals(0, r.rc(), r.toString());
        }
        return Files.exists(builds) ? Files.readAllLines(builds) : List.of();
    }

    private static List<String> runTwice(Path dir, String javaVersion) throws Exception {
        return run(dir, javaVersion, true, "version", "version");
    }

    private static String jar(Path dir) throws Exception {
        return dir.resolve("project").toRealPath().resolve("cli/target/tee4j-cli-0.0.0-all.jar").toString();
    }

    private static List<String> run(Path dir, String javaVersion, boolean records, String... commands)
            throws Exception {
        Path launcher = Paths.get(System.getProperty("user.dir")).getParent().resolve("tee4j");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.copy(launcher, project.resolve("tee4j"));
        Files.setPosixFilePermissions(project.resolve("tee4j"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.createDirectories(project.resolve("cli/target")).resolve("tee4j-cli-0.0.0-all.jar");
        Files.write(jar, new byte[0]);
        // Newer than the project's other files (nothing is rebuilt), older than any archive recorded now.
        Files.walk(project).filter(p -> !p.equals(jar))
                .forEach(p -> p.toFile().setLastModified(System.currentTimeMillis() - 7_200_000));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Path jdk = Files.createDirectories(dir.resolve("jdk/bin"));
        Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"" + javaVersion + "\"\n");
        Path log = dir.resolve("calls.log");
        // Writes what it is asked to record: an AOT cache, a class list, or (with -Xshare:dump) a static archive.
        String record = records
                ? "dump=; for a in \"$@\"; do [ \"$a\" = -Xshare:dump ] && dump=1; done\n"
                        + "for a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*|-XX:ArchiveClassesAtExit=*"
                        + "|-XX:DumpLoadedClassList=*) echo archive > \"${a#*=}\";; -XX:SharedArchiveFile=*) "
                        + "[ -n \"$dump\" ] && echo archive > \"${a#*=}\";; esac; done\n"
                : "";
        Files.writeString(jdk.resolve("java"), "#!/bin/sh\necho \"java $*\" >> '" + log + "'\n" + record);
        Files.setPosixFilePermissions(jdk.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String command : commands) {
            Cli.Result r = Cli.exec(List.of("bash", project.resolve("tee4j").toString(), command), dir,
                    Map.of("JAVA_HOME", dir.resolve("jdk").toString(), "PATH", "/usr/bin:/bin"), Duration.ofSeconds(30));
            assertEquals(0, r.rc(), r.toString());
        }
        return Files.readAllLines(log);
    }
}
