package dev.keras2j.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Whole-file reads and writes on any Hadoop file system (local, HDFS, S3, ...). */
final class HadoopFiles {
    /** Keras files larger than this are not models keras2j-spark broadcasts (a Java array's limit). */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private HadoopFiles() {
    }

    static byte[] read(String path, Configuration conf) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            long size = fs.getFileStatus(p).getLen();
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException(path + ": " + size + " bytes, more than a Java array holds");
            }
            byte[] bytes = new byte[(int) size];
            try (FSDataInputStream in = fs.open(p)) {
                in.readFully(0, bytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model " + path + ": " + e.getMessage(), e);
        }
    }

    static void write(String path, byte[] bytes, Configuration conf) {
        try {
            Path p = new Path(path);
            try (FSDataOutputStream out = p.getFileSystem(conf).create(p, true)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
