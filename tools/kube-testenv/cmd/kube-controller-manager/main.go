// Command kube-controller-manager is upstream's cmd/kube-controller-manager main, built from the
// k8s.io/kubernetes module pinned in ../../go.mod. Tests run it with a few controllers only
// (clusterrole-aggregation for the built-in admin/edit/view roles, namespace deletion, garbage collection).
package main

import (
	"os"
	_ "time/tzdata" // for CronJob time zones

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

func main() {
	command := app.NewControllerManagerCommand()
	code := cli.Run(command)
	os.Exit(code)
}
