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
	return &frontEnds{
		arm:       arm.NewLoader(o),
		bicep:     bicep.NewLoader(o),
		terraform: terraform.NewLoader(o),
		// plan: Terraform plan JSON, wired when terraform.LoadPlan lands.
		classify: classifyJSON,
	}
}

// classifyJSON asks the ARM front end what a JSON file is, then the
// Terraform front end whether the rest is a plan.
func classifyJSON(data []byte) jsonKind {
	switch arm.Classify(data) {
	case arm.Template:
		return jsonTemplate
	case arm.Parameters:
		return jsonParameters
	}
	if sniffJSON(data) == jsonPlan {
		return jsonPlan
	}
	return jsonOther
}
