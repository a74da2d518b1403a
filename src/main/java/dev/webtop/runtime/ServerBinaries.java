package dev.webtop.runtime;

import java.nio.file.Path;
import java.util.List;

/** PostgreSQL's programs, wherever they are installed, and the cluster directory they work on. */
interface ServerBinaries {

    /** A process running one of PostgreSQL's programs (initdb, pg_ctl) as the server's OS user. */
    ProcessBuilder command(String program, List<String> args);

    /** The cluster directory as the server sees it. */
    String clusterDir();

    /** The same directory on this machine's file system. */
    Path clusterDirOnHost();

    /** Hands a file or directory on the host to the server's OS user. */
    void giveToServer(Path path);

    /** One line naming where the binaries come from. */
    String describe();
}
