package scenario

// The types in this file are the one specification of the scenario format:
// the loader decodes into them, validation walks them, and `brink schema`
// derives the JSON Schema from them (field names from the yaml tags, help
// text from the `doc` tags). Keep a field's yaml tag, doc tag and the prose
// in docs/scenario.md in step.
//
// Optional numbers are pointers so that "absent" (take the default documented
// in docs/model.md) differs from an explicit zero.

// Scenario is one crisis as written in a scenario file.
type Scenario struct {
	Name        string   `yaml:"name" doc:"short identifier, [a-z0-9-]+"`
	Title       string   `yaml:"title" doc:"one-line human title"`
	Description string   `yaml:"description,omitempty" doc:"free text: the story the scenario tells"`
	Start       Date     `yaml:"start" doc:"first simulated day, YYYY-MM-DD"`
	Horizon     Duration `yaml:"horizon" doc:"length of a run: 180d, 12w, 1y"`
	// Ladder is "standard" (the built-in ladder) or an inline custom ladder.
	Ladder LadderSpec `yaml:"ladder" doc:"\"standard\" or an inline ladder {status_quo, rungs}"`
	// Model holds scenario-wide parameters of the kernel; absent ones take defaults.
	Model     ModelParams      `yaml:"model,omitempty" doc:"scenario-wide kernel parameters"`
	Actors    Ordered[Actor]   `yaml:"actors" doc:"actors by id (CAMEO country codes where they exist)"`
	Leaders   Ordered[Leader]  `yaml:"leaders,omitempty" doc:"leader profiles by id, used by elections and succession"`
	Relations []Relation       `yaml:"relations,omitempty" doc:"relations between pairs of actors"`
	Channels  []Channel        `yaml:"channels,omitempty" doc:"communication channels between pairs of actors"`
	Processes []Process        `yaml:"processes,omitempty" doc:"talks and settlements"`
	Events    []Event          `yaml:"events,omitempty" doc:"scheduled events"`
	Hazards   []Hazard         `yaml:"hazards,omitempty" doc:"random events with a daily probability"`
	Variants  Ordered[Variant] `yaml:"variants,omitempty" doc:"policy options: overlays on the base scenario; the first is the baseline"`
	Outcomes  OutcomeSet       `yaml:"outcomes,omitempty" doc:"named outcomes: expressions over a run's results, each an expression or {expr, label, description}"`
	// Uncertain gives the plausible range of some values, by path (as
	// --set names them), for `brink sweep` and `brink sensitivity`; a run
	// uses the values as written.
	Uncertain Ordered[Uncertain] `yaml:"uncertain,omitempty" doc:"uncertain values by path (actors.IRN.resolve): their distributions, for brink sweep and brink sensitivity"`

	// settings are the --set assignments applied to the file (With).
	settings []string

	// meta is what Load knows of the file: its bytes, its node tree and the
	// position of every value (nil for a scenario built in Go).
	meta *loadMeta
}

// Ordered is a YAML mapping whose key order is kept (actors, variants and
// outcomes are shown in the order the author wrote them).
type Ordered[T any] struct {
	Keys   []string
	Values map[string]*T
	// Pos holds the position of each key in the file, for error messages.
	Pos map[string]Pos
}

// Pos is a position in a scenario file (1-based line and column).
type Pos struct {
	Line, Col int
}

// LadderSpec names the built-in ladder or defines one inline.
type LadderSpec struct {
	Builtin   string     `yaml:"-"` // "standard" when the scalar form is used
	StatusQuo string     `yaml:"status_quo,omitempty" doc:"id of the status-quo rung"`
	Rungs     []RungSpec `yaml:"rungs,omitempty" doc:"rungs from most cooperative to most hostile"`
}

// RungSpec is one rung of a custom ladder.
type RungSpec struct {
	ID       string   `yaml:"id" doc:"rung id, [a-z_]+"`
	Meaning  string   `yaml:"meaning,omitempty"`
	CAMEO    string   `yaml:"cameo,omitempty" doc:"CAMEO event code"`
	Damage   *float64 `yaml:"damage,omitempty" doc:"expected harm to the target, in damage units" range:"[0,)"`
	Cost     *float64 `yaml:"cost,omitempty" doc:"cost to the actor" range:"[0,)"`
	Salvo    *int     `yaml:"salvo,omitempty" doc:"projectiles per act, for interception" range:"[0,)"`
	Kinetic  *bool    `yaml:"kinetic,omitempty" doc:"whether the act uses force"`
	LeadTime Duration `yaml:"lead_time,omitempty" doc:"days between decision and act" range:"[0,365]"`
	Requires []string `yaml:"requires,omitempty" doc:"capabilities an actor needs to choose the rung"`
	Rivera   string   `yaml:"rivera,omitempty" doc:"Rivera category: de-escalation, status_quo, posturing, non-violent, violent, nuclear"`
}

// ModelParams are scenario-wide kernel parameters (docs/model.md gives defaults).
type ModelParams struct {
	SignalMemory      Duration `yaml:"signal_memory,omitempty" doc:"days a received reassurance counts" default:"7d" range:"[0,36500]"`
	GrievanceHalfLife Duration `yaml:"grievance_half_life,omitempty" doc:"half-life of grievance" default:"30d" range:"[1,)"`
	Misperception     *float64 `yaml:"misperception,omitempty" doc:"probability an observed act is perceived one rung off" default:"0.05" range:"[0,1]"`
	MisperceptionUp   *float64 `yaml:"misperception_up,omitempty" doc:"share of misperceptions that read the act as more hostile" default:"0.8" range:"[0,1]"`
	Accident          *float64 `yaml:"accident,omitempty" doc:"probability the executed rung is one above the intended" default:"0" range:"[0,1]"`
	AccidentDown      *float64 `yaml:"accident_down,omitempty" doc:"probability the executed rung is one below the intended" default:"0" range:"[0,1]"`
	Attribution       *float64 `yaml:"attribution,omitempty" doc:"probability a proxy's act is attributed to its patron" default:"0.3" range:"[0,1]"`
	StrainDecay       *float64 `yaml:"strain_decay,omitempty" doc:"daily decay rate of strain" default:"0.02" range:"[0,1]"`
	Rally             *float64 `yaml:"rally,omitempty" doc:"support gained when hit" default:"0.05" range:"[0,)"`
	Deterrence        *float64 `yaml:"deterrence,omitempty" doc:"weight of deterrence in dropping kinetic acts" default:"0.1" range:"[0,)"`
	TalksOffer        *float64 `yaml:"talks_offer,omitempty" doc:"base daily probability a pragmatic or strained actor offers talks" default:"0.05" range:"[0,1]"`
	Settlement        *float64 `yaml:"settlement,omitempty" doc:"base daily probability talks become a settlement" default:"0.05" range:"[0,1]"`
	WarExit           *float64 `yaml:"war_exit,omitempty" doc:"daily probability a pair at war is counted as stopping when exhausted" default:"0.05" range:"[0,1]"`
	// Ceasefires, ripeness and mediation (docs/model.md §9.1, M27, M32).
	Ceasefire          *float64 `yaml:"ceasefire,omitempty" doc:"scale of the daily probability that two fighting parties with a route (a channel or a mediator) agree a ceasefire" default:"3" range:"[0,)"`
	CeasefireBreakdown *float64 `yaml:"ceasefire_breakdown,omitempty" doc:"daily probability a ceasefire breaks down without a mediator; a mediator lowers it" default:"0.01" range:"[0,1]"`
	CeasefireViolation *float64 `yaml:"ceasefire_violation,omitempty" doc:"probability an intended kinetic act against a ceasefire partner is carried out anyway" default:"0.1" range:"[0,1]"`
	Ripeness           *float64 `yaml:"ripeness,omitempty" doc:"hurt (recent damage and costs over endurance, half-life 30 days) at which a side is half ripe for a ceasefire" default:"2" range:"(0,)"`
	// Nuclear deterrence and second strikes (docs/model.md §6.4, §6.7, M28).
	NuclearDeterrence *float64 `yaml:"nuclear_deterrence,omitempty" doc:"deterrence a nuclear-armed target (or its armed ally, by commitment) adds against a state's war-rung acts, in capability units" default:"1" range:"[0,)"`
	SecondStrike      *float64 `yaml:"second_strike,omitempty" doc:"probability a nuclear-armed actor struck with a nuclear weapon answers in kind, whatever its doctrine or domestic support" default:"0.9" range:"[0,1]"`
	// Non-kinetic answers in kind satiate (docs/model.md §5.1, issue 14).
	Satiation *float64 `yaml:"satiation,omitempty" doc:"factor by which each further non-kinetic answer in kind to a non-kinetic act is made less likely; 1 switches it off" default:"0.5" range:"[0,1]"`
}

// Actor is a state or an armed group.
type Actor struct {
	Name          string            `yaml:"name"`
	Kind          string            `yaml:"kind" doc:"state or group"`
	Capability    *float64          `yaml:"capability,omitempty" doc:"relative military power" default:"0.5" range:"[0,1]"`
	Resolve       *float64          `yaml:"resolve,omitempty" doc:"propensity to answer" default:"0.5" range:"[0,1]"`
	Pragmatism    *float64          `yaml:"pragmatism,omitempty" doc:"weight of costs against ideology" default:"0.5" range:"[0,1]"`
	RiskTolerance *float64          `yaml:"risk_tolerance,omitempty" doc:"how little deterrence holds it back" default:"0.5" range:"[0,1]"`
	AirDefense    *float64          `yaml:"air_defense,omitempty" doc:"interception probability per projectile" default:"0" range:"[0,1]"`
	Vulnerability *float64          `yaml:"vulnerability,omitempty" doc:"damage multiplier (concentration of targets)" default:"1" range:"(0,10]"`
	Endurance     *float64          `yaml:"endurance,omitempty" doc:"how slowly costs exhaust it (population, economy)" default:"1" range:"(0,)"`
	Intelligence  *float64          `yaml:"intelligence,omitempty" doc:"lowers misperception of acts it observes" default:"0" range:"[0,1]"`
	Posture       *float64          `yaml:"posture,omitempty" doc:"active force posture that deters" default:"0" range:"[0,1]"`
	Telegraph     *float64          `yaml:"telegraph,omitempty" doc:"probability it gives notice of a strike through a channel" default:"0" range:"[0,1]"`
	Spoiler       bool              `yaml:"spoiler,omitempty" doc:"works against processes it is excluded from"`
	Domestic      *Domestic         `yaml:"domestic,omitempty"`
	Nuclear       *Nuclear          `yaml:"nuclear,omitempty" doc:"none, armed, or {latent: 400d}" default:"none"`
	Capabilities  []string          `yaml:"capabilities,omitempty" doc:"what it has, for rung requires: long_range, proxies, nuclear, ..."`
	Doctrine      *Doctrine         `yaml:"doctrine,omitempty" doc:"default doctrine toward every counterpart" default:"tit_for_tat, respond = resolve"`
	Toward        Ordered[Doctrine] `yaml:"toward,omitempty" doc:"doctrine per counterpart id"`
	Protects      []string          `yaml:"protects,omitempty" doc:"actors whose attackers it treats as its own"`
	Patron        string            `yaml:"patron,omitempty" doc:"a group's patron id, or none"`
	Autonomy      *float64          `yaml:"autonomy,omitempty" doc:"probability a group acts on its own doctrine rather than its patron's directive" default:"0.5" range:"[0,1]"`
	Leader        string            `yaml:"leader,omitempty" doc:"initial leader profile id"`
	Campaigns     []Campaign        `yaml:"campaigns,omitempty" doc:"planned operations against a target, with a start and an aim that ends them (M24)"`
	Answers       Ordered[Answer]   `yaml:"answers,omitempty" doc:"per counterpart id: what else it does when it answers that counterpart's provocation (a package, acts against third parties)"`
	Notice        Ordered[Notice]   `yaml:"notice,omitempty" doc:"per target id: how and to whom it gives notice of strikes on that target (M31)"`
	Memory        Duration          `yaml:"memory,omitempty" doc:"half-life of an unanswered provocation that stays owed (M23); absent: none is owed"`
	Readiness     *Readiness        `yaml:"readiness,omitempty" doc:"its own lead times and alert state (M30)"`
	Attrition     *Attrition        `yaml:"attrition,omitempty" doc:"how damage it takes wears down its capability, air defence and salvos (M26)"`
}

// Campaign is a planned operation of an actor against a target (M24): on
// each day it runs, a rung drawn from its weights; it starts on its date,
// once its condition holds, and ends when its aim is met or its time is up.
// The pair's doctrine still answers what the campaign does not cover: the
// higher of the two rungs is intended.
type Campaign struct {
	ID     string           `yaml:"id" doc:"campaign id, letters, digits, '_' and '-'"`
	Target string           `yaml:"target" doc:"the actor it is against"`
	Rungs  Ordered[float64] `yaml:"rungs" doc:"rung id -> weight: the daily intensity (normalised; give status_quo a weight for days without an act)" range:"[0,)"`
	Start  *Date            `yaml:"start,omitempty" doc:"first day (default the scenario start)"`
	When   string           `yaml:"when,omitempty" doc:"it starts on the first day from start this condition holds (outcome language, live state)"`
	Until  string           `yaml:"until,omitempty" doc:"its aim: it ends on the first day this condition holds (e.g. capability(\"IRN\") < 0.2)"`
	For    *Duration        `yaml:"for,omitempty" doc:"it ends this many days after it starts" range:"[1,36500]"`
	Pos    Pos              `yaml:"-"`
}

// Answer is what an actor does besides its answer when it answers a
// provocation of one counterpart: further acts against it (a package:
// sanctions and a deployment) and acts against third parties (the
// attacker's ally or host).
type Answer struct {
	With  []string        `yaml:"with,omitempty" doc:"rungs also executed against the counterpart with each answer"`
	Third Ordered[string] `yaml:"third,omitempty" doc:"actor id -> rung executed against that third party with each answer"`
}

// Notice is how an actor gives notice of its kinetic acts against one
// target (M31): how often, whether to the target itself, and to which third
// parties (a host, the target's patron), who pass it on to the target.
type Notice struct {
	Telegraph *float64 `yaml:"telegraph,omitempty" doc:"probability it gives notice of a kinetic act on this target" default:"the actor's telegraph" range:"[0,1]"`
	Target    *bool    `yaml:"target,omitempty" doc:"whether the notice goes to the target itself" default:"true"`
	Via       []string `yaml:"via,omitempty" doc:"third parties told, through their channels, who pass the notice on to the target"`
}

// Readiness is an actor's own lead times and alert state (M30).
type Readiness struct {
	LeadTime  *Duration         `yaml:"lead_time,omitempty" doc:"first-use lead time of every rung for this actor" default:"the ladder's" range:"[0,365]"`
	Rungs     Ordered[Duration] `yaml:"rungs,omitempty" doc:"rung id -> first-use lead time, over lead_time" range:"[0,365]"`
	AlertLead *Duration         `yaml:"alert_lead,omitempty" doc:"lead time of every rung while on alert (0d: the same day); absent, alert changes no lead time" default:"the lead time" range:"[0,365]"`
	AlertDays *Duration         `yaml:"alert_days,omitempty" doc:"days a perceived kinetic act keeps it on alert (0d: acts never raise it)" default:"7d" range:"[0,365]"`
	Alert     bool              `yaml:"alert,omitempty" doc:"on alert from the start to alert_days"`
}

// Attrition is how the damage an actor takes wears down its means (M26):
// per damage unit taken, the share of what is left that is lost; recovery
// is the share of the loss made good a day.
type Attrition struct {
	Capability *float64 `yaml:"capability,omitempty" doc:"share of remaining capability lost per damage unit" default:"0" range:"[0,1]"`
	AirDefense *float64 `yaml:"air_defense,omitempty" doc:"share of remaining air defence lost per damage unit" default:"0" range:"[0,1]"`
	Salvo      *float64 `yaml:"salvo,omitempty" doc:"share of remaining salvo capacity lost per damage unit" default:"0" range:"[0,1]"`
	Recovery   *float64 `yaml:"recovery,omitempty" doc:"share of the loss recovered a day" default:"0.02" range:"[0,1]"`
}

// Domestic politics of an actor.
type Domestic struct {
	Support *float64 `yaml:"support,omitempty" doc:"initial support for confrontation" default:"0.5" range:"[0,1]"`
	Strain  *float64 `yaml:"strain,omitempty" doc:"initial economic strain" default:"0" range:"[0,1]"`
	Hawks   *float64 `yaml:"hawks,omitempty" doc:"hawk pressure" default:"0" range:"[0,1]"`
}

// Nuclear status: exactly one of None, Armed, Latent.
type Nuclear struct {
	Status string   `yaml:"-"` // none, armed, latent
	Latent Duration `yaml:"latent,omitempty" doc:"days to breakout" range:"[1,)"`
}

// Doctrine is a decision rule; exactly one field is set. In YAML a doctrine
// with default parameters may be written as its bare name ("tit_for_tat").
type Doctrine struct {
	Always               *AlwaysDoctrine               `yaml:"always,omitempty"`
	Fixed                *FixedDoctrine                `yaml:"fixed,omitempty"`
	Markov               *MarkovDoctrine               `yaml:"markov,omitempty"`
	TitForTat            *TitForTatDoctrine            `yaml:"tit_for_tat,omitempty"`
	Generous             *GenerousDoctrine             `yaml:"generous,omitempty"`
	Grim                 *GrimDoctrine                 `yaml:"grim,omitempty"`
	Pavlov               *PavlovDoctrine               `yaml:"pavlov,omitempty"`
	Proportional         *ProportionalDoctrine         `yaml:"proportional,omitempty"`
	RedLine              *RedLineDoctrine              `yaml:"red_line,omitempty"`
	EscalateToDeescalate *EscalateToDeescalateDoctrine `yaml:"escalate_to_deescalate,omitempty"`
	Restraint            *RestraintDoctrine            `yaml:"restraint,omitempty"`
	Quantal              *QuantalDoctrine              `yaml:"quantal,omitempty"`
	MemoryOne            *MemoryOneDoctrine            `yaml:"memory_one,omitempty"`
}

type AlwaysDoctrine struct {
	Rung string `yaml:"rung" doc:"the rung always chosen"`
}
type FixedDoctrine struct {
	Weights Ordered[float64] `yaml:"weights" doc:"rung id -> weight (normalised)" range:"[0,)"`
}
type MarkovDoctrine struct {
	Up   *float64 `yaml:"up" doc:"probability of one rung up per day" range:"[0,1]"`
	Down *float64 `yaml:"down" doc:"probability of one rung down per day" range:"[0,1]"`
}
type TitForTatDoctrine struct {
	Respond  *float64 `yaml:"respond,omitempty" doc:"probability of answering at the perceived rung" default:"1" range:"[0,1]"`
	Opening  string   `yaml:"opening,omitempty" doc:"first-day rung (a hostile rung is a suspicious opening)" default:"the status quo"`
	After    *int     `yaml:"after,omitempty" doc:"answers only on this day of provocation in a row (2 is tit for two tats)" default:"1" range:"[1,365]"`
	Times    *int     `yaml:"times,omitempty" doc:"days it answers each provocation it answers (2 is two tits for a tat)" default:"1" range:"[1,365]"`
	Symbolic string   `yaml:"symbolic,omitempty" doc:"a symbolic answer (M31): a hostile act is answered at this rung, or a rung below the act where that is lower, never above what the doctrine would answer"`
}
type GenerousDoctrine struct {
	Forgive  *float64 `yaml:"forgive,omitempty" doc:"probability of forgiving a hostile act" default:"1/3" range:"[0,1]"`
	Opening  string   `yaml:"opening,omitempty" doc:"first-day rung" default:"the status quo"`
	Symbolic string   `yaml:"symbolic,omitempty" doc:"a symbolic answer (M31): a hostile act is answered at this rung, or a rung below the act where that is lower, never above what the doctrine would answer"`
}
type GrimDoctrine struct {
	Trigger  string `yaml:"trigger,omitempty" doc:"lowest rung that provokes" default:"the first rung above the status quo"`
	Response string `yaml:"response,omitempty" doc:"rung answered forever after" default:"the trigger"`
}
type PavlovDoctrine struct {
	Opening string `yaml:"opening,omitempty" doc:"first-day rung" default:"the status quo"`
}
type ProportionalDoctrine struct {
	Scale    *float64 `yaml:"scale,omitempty" doc:"answer at round(r*scale)" default:"1" range:"(0,10]"`
	Cap      string   `yaml:"cap,omitempty" doc:"highest rung it answers with" default:"the top rung"`
	Symbolic string   `yaml:"symbolic,omitempty" doc:"a symbolic answer (M31): a hostile act is answered at this rung, or a rung below the act where that is lower, never above what the doctrine would answer"`
}
type RedLineDoctrine struct {
	Threshold string `yaml:"threshold" doc:"perceived rung that crosses the line"`
	Response  string `yaml:"response" doc:"rung of the answer"`
	Below     string `yaml:"below,omitempty" doc:"rung answered below the line" default:"the status quo"`
}
type EscalateToDeescalateDoctrine struct {
	Step *int   `yaml:"step,omitempty" doc:"rungs above the perceived rung (at most the ladder's rungs − 1)" default:"1" range:"[1,)"`
	Cap  string `yaml:"cap,omitempty" doc:"highest rung it escalates to; name the nuclear rung to allow first use" default:"the highest rung below nuclear use"`
}
type RestraintDoctrine struct {
	AbsorbBelow string    `yaml:"absorb_below" doc:"provocations below this rung are absorbed"`
	Patience    *Duration `yaml:"patience,omitempty" doc:"days of repeated provocation before it answers" default:"3d" range:"[0,3650]"`
}

// MemoryOneDoctrine is the general memory-one strategy of iterated games:
// the probability of the hostile rung after each outcome of the last day,
// named by the actor's own last act then the counterpart's (c: status quo
// or below, d: hostile).
type MemoryOneDoctrine struct {
	CC      *float64 `yaml:"cc" doc:"P(hostile) after both kept the status quo" range:"[0,1]"`
	CD      *float64 `yaml:"cd" doc:"P(hostile) after it kept the status quo and the counterpart was hostile" range:"[0,1]"`
	DC      *float64 `yaml:"dc" doc:"P(hostile) after it was hostile and the counterpart kept the status quo" range:"[0,1]"`
	DD      *float64 `yaml:"dd" doc:"P(hostile) after both were hostile" range:"[0,1]"`
	Rung    string   `yaml:"rung,omitempty" doc:"its hostile rung" default:"the first rung above the status quo"`
	Opening *float64 `yaml:"opening,omitempty" doc:"P(hostile) on day 0" default:"0" range:"[0,1]"`
}

type QuantalDoctrine struct {
	Lambda *float64 `yaml:"lambda,omitempty" doc:"rationality (0 = uniform, large = best response)" default:"5" range:"[0,1000]"`
}

// Leader is a profile that an election or succession may install.
type Leader struct {
	Name        string    `yaml:"name,omitempty"`
	Doctrine    *Doctrine `yaml:"doctrine,omitempty"`
	Pragmatism  *float64  `yaml:"pragmatism,omitempty" default:"the actor's" range:"[0,1]"`
	Resolve     *float64  `yaml:"resolve,omitempty" default:"the actor's" range:"[0,1]"`
	Hawkishness *float64  `yaml:"hawkishness,omitempty" default:"the actor's hawks" range:"[0,1]"`
}

// Sided is a number given once for both sides of a pair or per side:
// `0.8` or `{USA: 0.8, ISR: 0.3}`.
type Sided struct {
	Both   *float64
	BySide map[string]float64
	Pos    Pos
}

// Relation between two actors (symmetric stance, sided numbers).
type Relation struct {
	Between    [2]string `yaml:"between"`
	Stance     string    `yaml:"stance" doc:"ally, friendly, neutral, rival, enemy, war"`
	Commitment *Sided    `yaml:"commitment,omitempty" doc:"ally: probability each side treats an attack on the other as on itself" default:"0.5" range:"[0,1]"`
	AirDefense *Sided    `yaml:"air_defense,omitempty" doc:"ally: interception each side adds to the other's air defence" default:"0" range:"[0,1]"`
	Grievance  *Sided    `yaml:"grievance,omitempty" doc:"initial grievance of each side toward the other" default:"0" range:"[0,)"`
	Rung       string    `yaml:"rung,omitempty" doc:"initial rung of the pair" default:"the status quo"`
	Drift      *float64  `yaml:"drift,omitempty" doc:"change of commitment per 30 days (negative erodes)" default:"0" range:"[-1,1]"`
	Leverage   *Sided    `yaml:"leverage,omitempty" doc:"how hard each side presses the other to accept a ceasefire in the other's wars (M32)" default:"0" range:"[0,1]"`
	Pos        Pos       `yaml:"-"`
}

// Channel of communication between two actors.
type Channel struct {
	Between  [2]string        `yaml:"between"`
	ID       string           `yaml:"id,omitempty" doc:"tells apart the channels of a pair (a pair may have several: a hotline and a mediated route); letters, digits, '_' and '-'"`
	Kind     string           `yaml:"kind,omitempty" doc:"none, intermediary, direct (default intermediary when via is given, else direct)"`
	Via      []string         `yaml:"via,omitempty" doc:"intermediaries"`
	Trust    Ordered[float64] `yaml:"trust,omitempty" doc:"each side's trust in the intermediaries" default:"0.5" range:"[0,1]"`
	Delay    Duration         `yaml:"delay,omitempty" doc:"days a message takes" default:"by kind: 1d for an intermediary, else 0d" range:"[0,365]"`
	Uptime   *float64         `yaml:"uptime,omitempty" doc:"probability the channel works on a day" default:"1" range:"[0,1]"`
	Fidelity *float64         `yaml:"fidelity,omitempty" doc:"override the computed fidelity" default:"by kind (docs/model.md §4.4)" range:"[0,1]"`
	Closed   bool             `yaml:"closed,omitempty" doc:"starts closed (an event may open it)"`
	Pos      Pos              `yaml:"-"`
}

// Process is talks or a settlement between participants.
type Process struct {
	ID           string   `yaml:"id"`
	Participants []string `yaml:"participants"`
	Mediators    []string `yaml:"mediators,omitempty"`
	Start        *Date    `yaml:"start,omitempty" doc:"day it opens" default:"the scenario start"`
	State        string   `yaml:"state,omitempty" doc:"talking or settled" default:"talking"`
	Breakdown    *float64 `yaml:"breakdown,omitempty" doc:"daily breakdown hazard" default:"0.005" range:"[0,1]"`
	Pos          Pos      `yaml:"-"`
}

// Event happens on a date: exactly one of its kinds is given.
type Event struct {
	On Date `yaml:"on,omitempty" doc:"the day it happens; with when, the first day the condition is checked (default the start)"`
	// When makes the event conditional (M25): it happens on the first day
	// (from On) the condition holds over the state at the end of the day before.
	When string `yaml:"when,omitempty" doc:"a condition in the outcome language over the live state (M25): the event happens on the first day it holds"`
	// Forced action.
	Actor     string `yaml:"actor,omitempty"`
	Target    string `yaml:"target,omitempty"`
	Action    string `yaml:"action,omitempty" doc:"rung id"`
	Telegraph bool   `yaml:"telegraph,omitempty"`
	Exact     bool   `yaml:"exact,omitempty" doc:"the act happened as written: no interception, full damage (a record of history, not a plan)"`
	// Parameter change: path like "IRN.resolve" or "model.misperception".
	Set   string   `yaml:"set,omitempty"`
	Value *float64 `yaml:"value,omitempty"`
	// Election: the actor gets one of the leaders with the given probabilities.
	Election *Election `yaml:"election,omitempty"`
	// Open or close a channel (by its pair) or a process (by its id).
	OpenChannel  *[2]string `yaml:"open_channel,omitempty"`
	CloseChannel *[2]string `yaml:"close_channel,omitempty"`
	OpenProcess  string     `yaml:"open_process,omitempty"`
	CloseProcess string     `yaml:"close_process,omitempty"`
	Join         *Join      `yaml:"join,omitempty" doc:"an actor joins its ally's wars (M25)"`
	Pos          Pos        `yaml:"-"`
}

// Join: Actor joins the wars of Ally — it acts at the war rung against
// every actor whose pair with Ally is at the war rung that day (M25).
type Join struct {
	Actor string `yaml:"actor" doc:"the actor that joins"`
	Ally  string `yaml:"ally" doc:"the actor whose wars it joins"`
}

// Election of a new leader for an actor.
type Election struct {
	Actor   string           `yaml:"actor"`
	Leaders Ordered[float64] `yaml:"leaders" doc:"leader id -> probability (the rest keeps the incumbent)" range:"[0,1]"`
}

// Hazard fires with a daily probability (at most once unless repeat).
type Hazard struct {
	ID      string           `yaml:"id"`
	Kind    string           `yaml:"kind" doc:"succession"`
	Actor   string           `yaml:"actor"`
	Daily   float64          `yaml:"daily" doc:"probability per day" range:"[0,1]"`
	Leaders Ordered[float64] `yaml:"leaders" doc:"leader id -> probability of taking over" range:"[0,1]"`
	Repeat  bool             `yaml:"repeat,omitempty"`
	Pos     Pos              `yaml:"-"`
}

// Variant is an overlay on the base scenario. Merge rules (docs/scenario.md):
// actors and leaders merge field by field by id (`remove: true` drops one);
// relations and channels are matched by their unordered pair and replaced
// (`remove: true` drops); processes and hazards by id; events are appended
// (`remove_events: true` clears the base's first); model merges field by field.
type Variant struct {
	Label       string `yaml:"label,omitempty" doc:"short name shown in tables, the report and charts, at most 40 characters"`
	Description string `yaml:"description,omitempty"`
	// Overlay is the raw overlay, applied by Apply.
	Overlay map[string]any `yaml:"-"`
	Pos     Pos            `yaml:"-"`
}

// OutcomeSet is the named outcomes: each one's expression (Values, by
// name, in the order written) and, for readers, its label and description
// where the file gives them.
type OutcomeSet struct {
	Ordered[string]
	Labels       map[string]string
	Descriptions map[string]string
}

// Label returns the label of outcome name, or the name when it has none.
func (o *OutcomeSet) Label(name string) string {
	if l := o.Labels[name]; l != "" {
		return l
	}
	return name
}

// Outcome is one named outcome as the file may write it: the expression
// alone (`war: max_rung("A","B") >= rung("war")`), or this mapping.
type Outcome struct {
	Expr        string `yaml:"expr" doc:"the expression (outcome language, docs/scenario.md): a condition gives a probability, a number a distribution"`
	Label       string `yaml:"label,omitempty" doc:"short name shown in tables, the report and charts, at most 40 characters"`
	Description string `yaml:"description,omitempty" doc:"what the outcome means, in a sentence or two, shown in the report"`
	Pos         Pos    `yaml:"-"`
}

// Uncertain is the distribution of one uncertain value: exactly one of
// uniform, triangular, beta, normal (truncated) or choice.
type Uncertain struct {
	Uniform    []float64   `yaml:"uniform,omitempty" doc:"[min, max]: every value in the range equally likely"`
	Triangular []float64   `yaml:"triangular,omitempty" doc:"[min, mode, max]: most likely at mode, falling to zero at the ends"`
	Beta       *BetaDist   `yaml:"beta,omitempty" doc:"a beta distribution on [min, max] (default [0, 1])"`
	Normal     *NormalDist `yaml:"normal,omitempty" doc:"a normal distribution truncated to [min, max]"`
	Choice     Choices     `yaml:"choice,omitempty" doc:"values (any YAML: numbers, doctrines), equally likely"`
	Note       string      `yaml:"note,omitempty" doc:"where the range comes from"`
	Pos        Pos         `yaml:"-"`
}

// BetaDist is a beta distribution scaled to [min, max].
type BetaDist struct {
	Alpha float64  `yaml:"alpha" doc:"shape alpha, > 0"`
	Beta  float64  `yaml:"beta" doc:"shape beta, > 0"`
	Min   *float64 `yaml:"min,omitempty" doc:"lower end (default 0)"`
	Max   *float64 `yaml:"max,omitempty" doc:"upper end (default 1)"`
}

// NormalDist is a normal distribution truncated to [min, max].
type NormalDist struct {
	Mean float64 `yaml:"mean"`
	SD   float64 `yaml:"sd" doc:"standard deviation before truncation, > 0"`
	Min  float64 `yaml:"min" doc:"lower end of the truncation"`
	Max  float64 `yaml:"max" doc:"upper end of the truncation"`
}

// Choices are the values of a discrete choice, as YAML (a doctrine, a
// number, a name).
type Choices struct {
	Values []*node
}
