// Command kubectl is upstream's cmd/kubectl main, built from the k8s.io/kubectl
// module pinned in ../../go.mod.
package main

import (
	"os"

	_ "k8s.io/client-go/plugin/pkg/client/auth" // auth plugins (oidc, exec, ...)
	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	logs.GlogSetter(cmd.GetLogVerbosity(os.Args)) // nolint:errcheck
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
}
