package io.bulkhead.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuditCsvCellTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "plain                   | plain",
                "a,b                     | \"a,b\"",
                "say \"hi\"              | \"say \"\"hi\"\"\"",
                "=1+2                    | \"'=1+2\"",
                "+1                      | \"'+1\"",
                "-1                      | \"'-1\"",
                "@SUM(A1)                | \"'@SUM(A1)\"",
                "=HYPERLINK(\"x\",\"y\") | \"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"",
                "a=1                     | a=1",
            })
    void escapesAndNeutralises(String value, String expected) {
        assertThat(AuditLog.cell(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\tcmd", "\rcmd"})
    void neutralisesLeadingTabAndCarriageReturn(String value) {
        assertThat(AuditLog.cell(value)).isEqualTo("\"'" + value + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nbreak", "line\r\nbreak"})
    void quotesLineBreaks(String value) {
        assertThat(AuditLog.cell(value)).isEqualTo("\"" + value + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    void emptyAndNullAreEmptyCells(String value) {
        assertThat(AuditLog.cell(value)).isEmpty();
        assertThat(AuditLog.cell(null)).isEmpty();
    }
}
