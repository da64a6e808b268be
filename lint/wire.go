package lint

import (
	"github.com/milint/milint/parser"
	"github.com/milint/milint/parser/arm"
	"github.com/milint/milint/parser/bicep"
	"github.com/milint/milint/parser/terraform"
)

// defaultFrontEnds wires the real front ends: one loader of each per run
// (loaders cache parsed files and are safe for concurrent use).
func defaultFrontEnds(o parser.Options) *frontEnds {
	tf := terraform.NewLoader(o)
	return &frontEnds{
		arm:       arm.NewLoader(o),
		bicep:     bicep.NewLoader(o),
		terraform: tf,
		plan:      loadFunc(tf.LoadPlan),
		classify:  classifyJSON,
	}
}

// loadFunc adapts a load function to frontEnd.
type loadFunc func(path string) (*parser.Unit, parser.Diagnostics)

func (f loadFunc) Load(path string) (*parser.Unit, parser.Diagnostics) { return f(path) }

// classifyJSON asks the ARM front end what a JSON file is, then the
// Terraform front end whether the rest is a plan.
func classifyJSON(data []byte) jsonKind {
	switch arm.Classify(data) {
	case arm.Template:
		return jsonTemplate
	case arm.Parameters:
		return jsonParameters
	}
	if terraform.IsPlan(data) {
		return jsonPlan
	}
	return jsonOther
}
