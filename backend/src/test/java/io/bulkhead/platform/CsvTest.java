package io.bulkhead.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void rowJoinsQuotedCellsEndsWithCrLfAndDefusesFormulas() {
        assertThat(Csv.row(Arrays.asList("a,b", null, new BigDecimal("72.5"), "=HYPERLINK(1)", "say \"hi\"", 3)))
                .isEqualTo("\"a,b\",,72.5,\"'=HYPERLINK(1)\",\"say \"\"hi\"\"\",3\r\n");
    }
}
