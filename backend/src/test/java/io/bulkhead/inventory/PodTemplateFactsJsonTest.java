package io.bulkhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Facts stored before the Pod Security fields were added still read (absent lists empty, absent flags null). */
class PodTemplateFactsJsonTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void factsStoredBeforeThePodSecurityFieldsStillRead() {
        String old = """
                {"hostNetwork":false,"hostPID":false,"hostIPC":false,"podRunAsNonRoot":true,"podRunAsUser":null,
                 "podSeccompType":"RuntimeDefault","podAppArmorType":null,"podSeLinuxType":null,
                 "hostPathVolumes":["h=/var"],"sysctls":{"kernel.shm_rmid_forced":"1"},
                 "automountServiceAccountToken":false,"serviceAccountName":null,"runtimeClassName":null,
                 "containers":[{"name":"app","init":false,"image":{"reference":"nginx","registry":"docker.io",
                   "repository":"library/nginx","tag":"latest","digest":null},"privileged":null,
                   "capabilitiesAdd":[],"capabilitiesDrop":["ALL"],"allowPrivilegeEscalation":false,
                   "runAsNonRoot":null,"runAsUser":null,"readOnlyRootFilesystem":true,"seccompType":null,
                   "appArmorType":null,"seLinuxType":null,"procMount":null,"hostPorts":[],"cpuLimit":true,
                   "memoryLimit":true,"secretEnv":[]}]}
                """;
        PodTemplateFacts f = JSON.readValue(old, PodTemplateFacts.class);
        assertThat(f.volumes()).containsExactly("h=hostPath");
        assertThat(f.securityAnnotations()).isEmpty();
        assertThat(f.osName()).isNull();
        assertThat(f.hostPathVolumes()).containsExactly("h=/var");
        ContainerFacts c = f.containers().getFirst();
        assertThat(c.probeHosts()).isEmpty();
        assertThat(c.list()).isEqualTo("containers");
        // and the facts written now read back equal
        assertThat(JSON.readValue(JSON.writeValueAsString(f), PodTemplateFacts.class))
                .isEqualTo(f);
    }
}
