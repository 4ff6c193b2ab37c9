package eventdata

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"

	"brink/eventcodes"
	"brink/sim"
)

// GDELTColumns are the 61 columns of a GDELT 2.0 event record, in the
// order of the GDELT 2.0 Event Database codebook.
var GDELTColumns = []string{
	"GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
	"Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
	"Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
	"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
	"GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
	"Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
	"Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
	"Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
	"Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
	"ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
	"DATEADDED", "SOURCEURL",
}

// Column positions brink fills.
const (
	gID = iota
	gDay
	gMonthYear
	gYear
	gFractionDate
	gActor1Code
	gActor1Name
	gActor1Country
)

const (
	gActor2Code    = 15
	gActor2Name    = 16
	gActor2Country = 17
	gEventCode     = 26
	gEventBase     = 27
	gEventRoot     = 28
	gQuadClass     = 29
	gGoldstein     = 30
	gDateAdded     = 59
	gSourceURL     = 60
)

// NewGDELT returns a writer of GDELT 2.0 event records: 61 tab-separated
// columns per line, no header (as GDELT's own export files; header true
// writes GDELTColumns first). Only events that carry a CAMEO code become
// rows: acts on rungs with a code (not the status quo), coded messages
// (MessageCodes) and process events (ProcessCodes).
//
// What brink fills: GlobalEventID = (run+1)·10⁹ + the event's number in the
// run (the JSONL event_id), unique across the runs of a trace and the same
// every time; Day (SQLDATE, YYYYMMDD), MonthYear, Year and FractionDate
// (year + day-of-year/365, 4 decimals, as GDELT writes 1 January as .0027)
// from the scenario date; Actor1/Actor2 Code = actor ids, Name = actor names,
// CountryCode = Info's Country; EventCode, EventBaseCode and EventRootCode
// from the CAMEO code; QuadClass from its root; GoldsteinScale from GDELT's
// table for the full code; DATEADDED = the event's date at 000000; SOURCEURL =
// Info.Source. Everything brink does not model (known groups, ethnicity,
// religion, actor types, IsRootEvent, mentions, sources, articles, tone,
// geography) is left empty.
func NewGDELT(w io.Writer, info Info, header bool) Writer {
	g := &gdeltWriter{res: resolver{info: info}, bw: bufio.NewWriter(w), row: make([]string, len(GDELTColumns))}
	if header {
		_, err := g.bw.WriteString(strings.Join(GDELTColumns, "\t") + "\n")
		g.keep(err)
	}
	return g
}

type gdeltWriter struct {
	res resolver
	bw  *bufio.Writer
	row []string
	errWriter
}

func (g *gdeltWriter) Trace(e *sim.TraceEvent) {
	r := g.res.resolve(e)
	if r.cameo == "" || !eventcodes.ValidSyntax(r.cameo) {
		return
	}
	for i := range g.row {
		g.row[i] = ""
	}
	info := &g.res.info
	g.row[gID] = strconv.FormatUint((info.Run+1)*1_000_000_000+uint64(r.seq), 10)
	ymd := dateDigits(r.date)
	g.row[gDay] = ymd
	g.row[gMonthYear] = ymd[:6]
	g.row[gYear] = ymd[:4]
	g.row[gFractionDate] = fractionDate(r.date)
	if e.Actor >= 0 && e.Actor < len(info.Actors) {
		a := info.Actors[e.Actor]
		g.row[gActor1Code], g.row[gActor1Name], g.row[gActor1Country] = a.ID, clean(a.Name), a.Country
	}
	if e.Target >= 0 && e.Target < len(info.Actors) {
		a := info.Actors[e.Target]
		g.row[gActor2Code], g.row[gActor2Name], g.row[gActor2Country] = a.ID, clean(a.Name), a.Country
	}
	g.row[gEventCode] = r.cameo
	g.row[gEventBase] = eventcodes.Base(r.cameo)
	g.row[gEventRoot] = eventcodes.Root(r.cameo)
	g.row[gQuadClass] = strconv.Itoa(eventcodes.QuadClass(r.cameo))
	if r.hasGoldstein {
		g.row[gGoldstein] = strconv.FormatFloat(r.goldstein, 'f', -1, 64)
	}
	g.row[gDateAdded] = ymd + "000000"
	g.row[gSourceURL] = clean(info.Source)
	_, err := g.bw.WriteString(strings.Join(g.row, "\t") + "\n")
	g.keep(err)
}

func (g *gdeltWriter) Close() error {
	g.keep(g.bw.Flush())
	return g.err
}

// dateDigits is YYYYMMDD.
func dateDigits(d time.Time) string {
	return d.Format("20060102")
}

// fractionDate is GDELT's YYYY.FFFF: the year plus the day of the year over
// 365, at most .9999 (31 December of a leap year would otherwise pass 1).
func fractionDate(d time.Time) string {
	f := min(float64(d.YearDay())/365, 0.9999)
	return strconv.FormatFloat(float64(d.Year())+f, 'f', 4, 64)
}

// clean keeps a free-text field on one tab-separated line.
func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}
