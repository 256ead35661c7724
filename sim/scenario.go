package sim

// This file holds the scenario format: the Go form of a scenario TOML file.
// Field tags name the TOML keys; scenarios/README.md documents every one.
// Numbers are float64 here (what an author writes) and become Fix in Compile.

// FormatVersion is the scenario format version this engine reads.
const FormatVersion = 1

// Limits refused at load time so that no input can make the engine slow or
// exhaust memory.
const (
	MaxFileSize = 1 << 20 // bytes in a scenario file
	MaxEntries  = 64      // sides, levers, metrics, actions, injects, threats, domains, ends
	MaxTurns    = 1000
	MaxDelay    = 8   // turns a lever's effect may be delayed
	MaxPoints   = 100 // points one side may put on one lever in a turn
	MaxChoices  = 8   // choices of one inject
)

// Scenario is a decoded scenario file, before names are resolved.
type Scenario struct {
	Format     int          `toml:"format"`
	ID         string       `toml:"id"`
	Title      string       `toml:"title"`
	Summary    string       `toml:"summary" default:"\"\""`
	Turns      int          `toml:"turns"`
	TurnLabel  string       `toml:"turn_label" default:"Turn"`
	Briefing   string       `toml:"briefing" default:"\"\""`
	Notes      string       `toml:"notes" default:"\"\""`
	Debrief    []string     `toml:"debrief"`
	Threats    []Threat     `toml:"threat"`
	Domains    []Domain     `toml:"domain"`
	Sides      []Side       `toml:"side"`
	Metrics    []Metric     `toml:"metric"`
	Deterrence Deterrence   `toml:"deterrence"`
	Escalation Escalation   `toml:"escalation"`
	Commitment Commitment   `toml:"commitment"`
	Alignment  Alignment    `toml:"alignment"`
	Levers     []Lever      `toml:"lever"`
	Actions    []Action     `toml:"action"`
	Injects    []Inject     `toml:"inject"`
	Ends       []End        `toml:"end"`
	Scorecard  []Grade      `toml:"score"`
	Difficulty []Difficulty `toml:"difficulty"`

	file string        // name used in error messages
	pos  tomlPositions // where each key was written, by index path
	// given holds the index paths of the keys Set gave a value, in
	// order: a value set blank (--set inject.x.when=) is told from a key
	// left out, as one the file writes blank is.
	given []string
	sha   [32]byte // SHA-256 of the source bytes
}

// SHA256 returns the SHA-256 of the scenario's source bytes (zero for a
// scenario built in code).
func (s *Scenario) SHA256() [32]byte { return s.sha }

// Threat is one source of danger that sides rank in their priorities and
// levers serve (for example "dprk", "prc", "grayzone").
type Threat struct {
	ID   string `toml:"id"`
	Name string `toml:"name" default:"the id"`
}

// Domain is a field of contest (maritime, cyber, economic, …). Adversary
// actions are resolved against the alliance's defence in their domain with
// success probability 1/(1+e^(−k(pressure−defence))).
type Domain struct {
	ID   string   `toml:"id"`
	Name string   `toml:"name" default:"the id"`
	K    *float64 `toml:"k" default:"1"`    // steepness of the contest curve; default 1
	Base float64  `toml:"base" default:"0"` // defence the alliance has before any lever; default 0
}

// Side is a player: an allied government or an adversary.
type Side struct {
	ID            string             `toml:"id"`
	Name          string             `toml:"name" default:"the id"`
	Team          string             `toml:"team"`                                   // "alliance" or "adversary"
	Budget        float64            `toml:"budget" team:"alliance"`                 // points per turn at support 50
	Support       string             `toml:"support" default:"none" team:"alliance"` // metric id of domestic support; scales the budget
	Priorities    map[string]float64 `toml:"priorities" team:"alliance"`             // threat id → weight
	Objective     string             `toml:"objective" default:"\"\""`               // private objective, in words
	ObjectiveWhen string             `toml:"objective_when" default:"none, no private objective"`
	Policy        string             `toml:"policy" default:"balanced" team:"alliance"` // default AI policy for an allied side

	// Adversary doctrine.
	Actions *int     `toml:"actions" default:"1" team:"adversary"` // real moves per turn; default 1
	Bluffs  int      `toml:"bluffs" default:"0" team:"adversary"`  // bluffs signalled per turn; default 0
	Aim     *float64 `toml:"aim" default:"1" team:"adversary"`     // how strongly moves seek the weakest link; default 1
}

// Metric is a scenario-defined measure, 0–100 unless bounds say otherwise.
type Metric struct {
	ID          string   `toml:"id"`
	Name        string   `toml:"name" default:"the id"`
	Description string   `toml:"description" default:"\"\""`
	Category    string   `toml:"category" default:"other"` // deterrence, resilience, alliance, domestic, adversary, escalation, intel, other
	Good        string   `toml:"good" default:"high"`      // "high" (default) or "low"
	Min         *float64 `toml:"min" default:"0"`
	Max         *float64 `toml:"max" default:"100"`
	Start       float64  `toml:"start" default:"0"`
	Baseline    *float64 `toml:"baseline" default:"the start"`
	Decay       float64  `toml:"decay" default:"0"` // fraction of the gap to the baseline closed each turn
}

// Component configures one factor of deterrence (0–1).
type Component struct {
	Start    float64  `toml:"start" default:"0"`
	Baseline *float64 `toml:"baseline" default:"the start"`
	Decay    float64  `toml:"decay" default:"0"`
}

// Deterrence configures the derived metric deterrence = 100 × capability ×
// resolve × communication.
type Deterrence struct {
	Capability    Component `toml:"capability"`
	Resolve       Component `toml:"resolve"`
	Communication Component `toml:"communication"`
}

// Escalation configures the escalation metric (0–100) and its five rungs.
type Escalation struct {
	Start    float64  `toml:"start" default:"0"`
	Baseline *float64 `toml:"baseline" default:"the start"`
	Decay    float64  `toml:"decay" default:"0"`
	Rungs    []Rung   `toml:"rung"`
}

// Rung is one band of 20 on the escalation ladder and what it locks.
type Rung struct {
	Name        string   `toml:"name" default:"rung"` // Calm, Tension, Crisis, Confrontation, Brink
	LockLevers  []string `toml:"lock_levers"`
	LockActions []string `toml:"lock_actions"`
}

// shortfallAt is the key path of [commitment] shortfall.
const shortfallAt = "commitment.shortfall"

// defaultShortfall is the [commitment] shortfall of a file that gives
// none (§4.8): resolve −0.01 and, if the scenario has that metric,
// cohesion −1 per point short.
func (s *Scenario) defaultShortfall() map[string]float64 {
	d := map[string]float64{"resolve": -0.01}
	for _, m := range s.Metrics {
		if m.ID == "cohesion" {
			d["cohesion"] = -1
		}
	}
	return d
}

// Commitment configures the minimum visible commitment: each turn every
// allied side must spend (6 − rung) points on visible levers, and each point
// short applies Shortfall.
type Commitment struct {
	Shortfall map[string]float64 `toml:"shortfall"`
	Disabled  bool               `toml:"disabled" default:"false"`
}

// Alignment configures how well each ally's allocation serves the other's
// priorities and what that does to a metric (normally cohesion).
type Alignment struct {
	Metric string   `toml:"metric" default:"cohesion"` // default "cohesion" when such a metric exists
	Gain   *float64 `toml:"gain" default:"2"`          // change per turn at perfect (+) or no (−) alignment; default 2; 0 turns alignment off
}

// Lever is a line of effort allied sides put points into.
type Lever struct {
	ID          string             `toml:"id"`
	Name        string             `toml:"name" default:"the id"`
	Description string             `toml:"description" default:"\"\""`
	Cost        float64            `toml:"cost" default:"1"` // budget per point; default 1
	Max         int                `toml:"max" default:"5"`  // points per side per turn; default 5
	Sides       []string           `toml:"sides"`
	Effect      map[string]float64 `toml:"effect"`                                 // per point, metric or component id → change
	Diminish    float64            `toml:"diminish" default:"1"`                   // each further point is worth this fraction of the previous; default 1
	Delay       int                `toml:"delay" default:"0"`                      // turns before the effect lands
	Upkeep      float64            `toml:"upkeep" default:"0"`                     // fraction of last turn's spend charged this turn before new spending
	Joint       *float64           `toml:"joint" default:"1"`                      // multiplier when two or more allies put points in; default 1
	Solo        *float64           `toml:"solo" default:"1"`                       // multiplier when only one ally does; default 1
	Visible     *bool              `toml:"visible" default:"true"`                 // counts toward the visible commitment and is seen by all; default true
	Defend      map[string]float64 `toml:"defend"`                                 // domain id → defence per point
	Serves      []string           `toml:"serves"`                                 // threat ids
	Converge    float64            `toml:"converge" default:"0"`                   // per point, how far allied priorities move toward each other
	Requires    string             `toml:"requires" default:"none, always usable"` // condition for the lever to be usable
}

// Modifier multiplies an action's weight while its condition holds.
type Modifier struct {
	When   string   `toml:"when"`
	Factor *float64 `toml:"factor"`
}

// Action is a move in an adversary's playbook.
type Action struct {
	ID          string             `toml:"id"`
	Side        string             `toml:"side" default:"the only adversary"`
	Name        string             `toml:"name" default:"the id"`
	Description string             `toml:"description" default:"\"\""`
	Signal      string             `toml:"signal" default:"\"\""` // what allies see when it is signalled
	Domain      string             `toml:"domain"`
	Weight      *float64           `toml:"weight" default:"1"` // default 1
	When        string             `toml:"when" default:"none, always available"`
	Pressure    float64            `toml:"pressure" default:"0"`
	Success     map[string]float64 `toml:"success"`
	Failure     map[string]float64 `toml:"failure"`
	Modifiers   []Modifier         `toml:"modifier"`
	Bluff       bool               `toml:"bluff" default:"false"` // may be shown as a bluff
}

// Choice is one answer to an inject that asks the players to decide.
type Choice struct {
	ID     string             `toml:"id"`
	Label  string             `toml:"label" default:"the id"`
	Text   string             `toml:"text" default:"\"\""`
	Effect map[string]float64 `toml:"effect"`
}

// Inject is an event: scheduled (turn), triggered (when) or random (chance).
type Inject struct {
	ID      string             `toml:"id"`
	Title   string             `toml:"title" default:"the id"`
	Text    string             `toml:"text" default:"\"\""`
	Turn    int                `toml:"turn" default:"0, not scheduled"`
	When    string             `toml:"when" default:"none, no condition"`
	Chance  *float64           `toml:"chance" default:"none, not random"`
	Repeat  bool               `toml:"repeat" default:"false"`
	Effect  map[string]float64 `toml:"effect"`
	Decider string             `toml:"decider" default:"the first allied side, if there are choices"`
	Choices []Choice           `toml:"choice"`
}

// End is an end condition and the verdict it gives.
type End struct {
	ID      string `toml:"id"`
	Title   string `toml:"title" default:"the id"`
	Text    string `toml:"text" default:"\"\""`
	When    string `toml:"when" default:"none, the verdict when the turns run out"`
	Success bool   `toml:"success" default:"false"`
	Guard   bool   `toml:"guard" default:"false"` // a line play should rarely cross: `validate --play` does not require it reached
}

// Grade is a scorecard line: the thresholds for grades A, B, C and D of one
// metric (F below the last).
type Grade struct {
	Metric     string    `toml:"metric"`
	Thresholds []float64 `toml:"thresholds"`
}

// Difficulty is a named set of overrides, using the same key paths as
// `lattice run --set`.
type Difficulty struct {
	ID          string         `toml:"id"`
	Name        string         `toml:"name" default:"the id"`
	Description string         `toml:"description" default:"\"\""`
	Set         map[string]any `toml:"set"`
}
