package io.bulkhead.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(LineDiff.unified("a\nb\nc\n", "a\nb\nc\n", 3)).isEmpty();
    }

    @Test
    void changedLineIsRemovedAndAddedWithContext() {
        String before = "one\ntwo\nthree\nfour\nfive\nsix\nseven\n";
        String after = "one\ntwo\nthree\nFOUR\nfive\nsix\nseven\n";
        assertThat(LineDiff.unified(before, after, 1)).isEqualTo("@@\n  three\n- four\n+ FOUR\n  five\n");
    }

    @Test
    void separateChangesAreSeparateHunks() {
        String before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        String after = "A\nb\nc\nd\ne\nf\ng\nH\n";
        assertThat(LineDiff.unified(before, after, 1)).isEqualTo("- a\n+ A\n  b\n@@\n  g\n- h\n+ H\n");
    }

    @Test
    void addedAndRemovedBlocks() {
        assertThat(LineDiff.unified("x\n", "x\ny\nz\n", 0)).isEqualTo("@@\n+ y\n+ z\n");
        assertThat(LineDiff.unified("x\ny\nz\n", "x\n", 0)).isEqualTo("@@\n- y\n- z\n");
    }

    @Test
    void warningTextIsUnquoted() {
        assertThat(LabelDryRun.text("299 - \"existing pods in namespace \\\"a\\\" violate\""))
                .isEqualTo("existing pods in namespace \"a\" violate");
        assertThat(LabelDryRun.text("plain")).isEqualTo("plain");
    }
}
