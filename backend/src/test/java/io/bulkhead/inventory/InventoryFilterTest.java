package io.bulkhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.platform.ValidationException;
import org.junit.jupiter.api.Test;

class InventoryFilterTest {

    @Test
    void blanksMeanAnyAndValuesAreStripped() {
        InventoryFilter f = new InventoryFilter(" ", "", null, "  ", " nginx ", " Api ");
        assertThat(f).isEqualTo(new InventoryFilter(null, null, null, null, "nginx", "Api"));
        assertThat(f.asMap()).containsOnlyKeys("image", "search");
    }

    @Test
    void namespaceFilterIsLowerCased() {
        assertThat(new InventoryFilter(null, null, "Pay", null, null, null).namespace())
                .isEqualTo("pay");
    }

    @Test
    void rejectsUnknownKindsBadNamesAndLongTextsWithOneMessagePerField() {
        assertThatThrownBy(() -> new InventoryFilter(
                        "bad cluster", "t;", "ns_1", "ReplicaSet", "x".repeat(513), "s".repeat(101)))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.fieldErrors())
                                .containsOnlyKeys("cluster", "team", "namespace", "kind", "image", "search"));
    }

    @Test
    void anImageFilterThatIsNoReferenceStaysASubstring() {
        assertThat(new InventoryFilter(null, null, null, null, "ngin", null).imagePattern())
                .isNotNull();
        assertThat(new InventoryFilter(null, null, null, null, "/nginx", null).imagePattern())
                .isNull();
    }

    @Test
    void csvCellsAreQuotedAndFormulaPrefixed() {
        assertThat(InventoryQueries.csv("plain")).isEqualTo("plain");
        assertThat(InventoryQueries.csv(null)).isEmpty();
        assertThat(InventoryQueries.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(InventoryQueries.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(InventoryQueries.csv("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(InventoryQueries.csv("+1")).isEqualTo("'+1");
        assertThat(InventoryQueries.csv("-1")).isEqualTo("'-1");
        assertThat(InventoryQueries.csv("@x")).isEqualTo("'@x");
        assertThat(InventoryQueries.csv("line\nbreak")).isEqualTo("\"line\nbreak\"");
    }
}
