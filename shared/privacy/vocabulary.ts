/**
 * Capitalised words that are not people's names in a corporate parenting update. A word here is
 * never flagged on its own, even when a first-name list has it ("Care", "Will", "Young").
 * Lower case; matched against a word with any possessive "'s" removed.
 */

const MONTHS = 'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec';
const WEEKDAYS =
  'monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays mon tue tues wed thu thur thurs fri sat sun';
const SEASONS_AND_TIME = 'spring summer autumn winter term easter christmas half new year years quarter weekend bank holiday holidays';

// Services, teams, job titles and documents of children's social care, education and health.
const SERVICE_WORDS = `
  action actions plan plans planning pathway review reviews reviewing reviewed independent officer officers iro
  corporate parenting board promise pledge council councils cabinet committee panel panels forum scheme schemes
  team teams service services unit units department division directorate partnership partnerships programme project projects
  children child childrens young people peoples person persons youth family families adult adults parent parents carer carers
  care cared leaving leavers leaver looked after foster fostering adoption adopt adoptive kinship residential home homes
  head deputy director assistant manager managers lead leads officer coordinator co-ordinator practitioner senior principal strategic
  designated doctor nurse nurses health wellbeing emotional mental physical dental assessment assessments
  social worker workers work personal adviser advisers advisor pa pas supervising supervisor
  virtual school schools academy academies college colleges university universities education educational psychologist psychology
  headteacher headteachers teacher teachers governor governors governing body pupil pupils premium plus student students
  key stage year primary secondary special guardianship order orders court courts legal
  staying put return interview interviews missing exploitation sexual criminal contextual safeguarding protection
  participation engagement voice voices listen hear celebration achievement achievements award awards awareness
  life skills aspiration aspirations independence independent living accommodation supported lodgings lodging housing
  sport sports leisure development active communities community activities activity culture arts music
  performance information intelligence data quality report reports reporting dashboard monitoring audit audits
  policy policies procedure procedures manual handbook guidance statutory strategy strategies framework protocol protocols
  evidence status summary risk risks update updates target targets baseline measure measures due complete completed track
  on off at ongoing yes no none tba tbc n/a na
  drug alcohol substance misuse specialist targeted intensive supervision operations commissioning
  police officer constable inspector sergeant detective fire ambulance hospital clinic surgery practice gp
  nhs trust foundation charity charities society association network group groups centre center centres hub
  national local regional county city district borough metropolitan unitary authority authorities government
  department education dfe ofsted cafcass nspcc barnardo barnardos coram become childline unicef
  budget funding fund grant finance financial cost costs commissioning contract contracts provider providers
  placement placements stability sufficiency match matching matched permanence permanency
  no labels have say tri x mosaic liquidlogic welfare call facebook instagram snapchat tiktok whatsapp youtube google microsoft teams zoom excel outlook
  english maths math science gcse gcses a-level a-levels btec neet eet ucas apprenticeship apprenticeships traineeship
  celebration achievement disruption transformation creative solutions options business usual
  records record case cases file files form forms booklet booklets leaflet leaflets letter letters
  meeting meetings session sessions workshop workshops training course courses event events visit visits conference
  annual quarterly monthly weekly daily termly interim final draft first second third fourth next last previous
  improvement improvements outcome outcomes impact progress priority priorities objective objectives theme themes
  consultation questionnaire survey surveys feedback complaint complaints compliment compliments
  out area areas city-wide county-wide cross multi multi-agency agency agencies partner partners inter-agency
  chair chairs chaired vice member members lead-member cllr councillor councillors mayor leader executive
  mp minister secretary state
  general certificate secondary early intervention protection regulation act law success criteria free pilot
  be healthy staying safe enjoying achieving making positive contribution economic well-being
`;

// Words that open or join sentences; capitalised only by position.
const FUNCTION_WORDS = `the a an and or of for in to with by from our your their his her its this that these those we they
  i i'm i'll i've i'd my me he she it us them you both all some any each every no not also however but so as if when while
  dear kind regards thanks thank best wishes many hi hello cheers sent mr mrs ms miss mx dr master`;

// Family and care words: "Mum's number", "Grandparents' number".
const FAMILY_WORDS = `mum mums mom dad dads mother mothers father fathers parents grandparents grandparent nan nans gran grans nana grandma
  grandad granddad grandmother grandfather aunt aunts auntie uncle uncles cousin cousins brother brothers sister sisters sibling
  siblings son sons daughter daughters baby babies boy boys girl girls twin twins stepdad stepmum partner boyfriend girlfriend yp yps`;

// Names that are also everyday words: on their own at the start of a sentence they are read as
// the word ("Will update at the next board", "Mark the action complete").
export const NAMES_THAT_ARE_WORDS = new Set(
  `will may mark hope grace faith rose dawn summer autumn april june august joy bill pat sue rob jack frank art bob chase guy ray
   sky star holly ivy iris jade ruby amber crystal destiny harmony heather hazel lily daisy violet poppy angel precious miracle
   honey sunny rich bud buck gene jean drew carol carter hunter taylor mason cooper baker parker price young long brown black
   white green page hill wood major chance justice liberty patience prudence charity mercy trinity unity sage river rain storm
   dale glen lane brook forest cliff miles royal king earl duke prince princess baron noble hardy rusty sandy dusty penny
   bobby teddy sonny lucky happy honor honour blessing gift harmony melody echo dash kit max nick don
   august ebony rowan robin wren jay lark bea clay cole frost snow stone field ford marsh moss reed rock`.split(/\s+/),
);

/** Organisation, venue and place endings: a capitalised run ending in one names a thing, not a person. */
export const ORGANISATION_ENDINGS = new Set(
  `team teams service services council councils board boards panel panels school schools academy college university trust centre
   center centres hospital clinic practice surgery house home homes court courts housing partnership foundation charity society
   association group project programme scheme network forum unit village park forest church library hall stadium ltd limited
   llp plc cic police office authority agency prison institution policy strategy plan order award awards fund premium
   week day event conference festival club cafe café hub hostel refuge station airport market campus estate
   avenue road street lane close drive way crescent gardens place grove terrace walk rise hill square mews view row green parade
   vale croft fields chase boulevard approach wharf yard gate heights mount`.split(/\s+/),
);

/** Words that run on an organisation's name: "Head of Virtual School", "Children in Care Council", "Sport & Leisure". */
export const ORGANISATION_JOINERS = new Set(['of', 'for', 'in', '&', 'the', 'and', 'on', 'at']);

// England's upper-tier and unitary local authorities (the ones with corporate parenting duties), as place words.
const AUTHORITY_PLACES = `
  barking dagenham barnet barnsley bath somerset bedford bexley birmingham blackburn darwen blackpool bolton bournemouth christchurch
  poole bracknell forest bradford brent brighton hove bristol bromley buckinghamshire bury calderdale cambridgeshire camden
  central bedfordshire cheshire east west chester cornwall coventry croydon cumberland darlington derby derbyshire devon doncaster
  dorset dudley durham ealing yorkshire riding sussex enfield essex gateshead gloucestershire greenwich hackney halton hammersmith
  fulham hampshire haringey harrow hartlepool havering herefordshire hertfordshire hillingdon hounslow isle wight scilly islington
  kensington chelsea kent kingston hull thames kirklees knowsley lambeth lancashire leeds leicester leicestershire lewisham
  lincolnshire lincoln liverpool london luton manchester medway merton middlesbrough milton keynes newcastle tyne newham norfolk
  northamptonshire north northumberland nottingham nottinghamshire oldham oxfordshire peterborough plymouth portsmouth reading
  redbridge redcar cleveland richmond rochdale rotherham rutland salford sandwell sefton sheffield shropshire slough solihull
  south southampton southend southwark staffordshire stockport stockton tees stoke trent suffolk sunderland surrey sutton swindon
  tameside telford wrekin thurrock torbay tower hamlets trafford wakefield walsall waltham wandsworth warrington warwickshire
  berkshire westminster westmorland furness wigan wiltshire windsor maidenhead wirral wokingham wolverhampton worcestershire york
  england wales scotland ireland britain uk gb europe
`;

// Countries young people seeking asylum often come from, and neighbours: "arrived from Eritrea". Countries that are
// common first names too (Jordan, India, Georgia, Chad) are left out, so "by Jordan" is still a name.
const COUNTRIES = `afghanistan albania eritrea ethiopia sudan iran iraq syria vietnam somalia egypt kuwait libya yemen nigeria ghana
  pakistan bangladesh turkey romania poland ukraine russia france spain italy germany portugal jamaica morocco algeria`;

const words = (...lists: string[]): Set<string> => new Set(lists.join(' ').split(/\s+/).filter(Boolean));

/** Never a name, whatever comes before or after: "child Protection plan" is not a child called Protection. */
export const NEVER_NAMES = words(MONTHS, WEEKDAYS, SERVICE_WORDS, FUNCTION_WORDS, FAMILY_WORDS);

/** The words of services, documents and programmes: a capitalised run holding one is a heading or a name of a thing ("Early Intervention Pathway"). */
export const SERVICE_VOCABULARY = words(SERVICE_WORDS);

/** Not a name on a first-name list's word alone ("placed in Lincoln"), but a name after "her son" or before "'s mum". */
export const PLACE_WORDS = words(SEASONS_AND_TIME, AUTHORITY_PLACES, COUNTRIES);

export const MONTH_OR_WEEKDAY = words(MONTHS, WEEKDAYS);

/** Titles before a surname: "Mrs Henderson". */
export const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'master']);

/** Words right before a name that make it a child's or a family member's: "young person Oliver", "her mum Tracey". */
export const CHILD_CUES = [
  'young person',
  'young man',
  'young woman',
  'yp',
  'child',
  'boy',
  'girl',
  'baby',
  'infant',
  'toddler',
  'teenager',
  'pupil',
  'student',
  'care leaver',
  'sibling',
  'siblings',
  'brother',
  'sister',
  'son',
  'daughter',
  'twin',
  'cousin',
  'called',
  'named',
  'known as',
];
export const ADULT_CUES = [
  'mum',
  'mom',
  'mother',
  'dad',
  'father',
  'stepdad',
  'stepmum',
  'step-dad',
  'step-mum',
  'stepfather',
  'stepmother',
  'grandmother',
  'grandfather',
  'grandma',
  'grandad',
  'granddad',
  'grandpa',
  'gran',
  'nan',
  'nana',
  'nanna',
  'aunt',
  'auntie',
  'aunty',
  'uncle',
  'carer',
  'carers',
  'foster carer',
  'foster carers',
  'parents',
  'grandparents',
  'kinship carers',
  'partner',
  'boyfriend',
  'girlfriend',
  'parent',
];

/** Words that may stand between a name and its verb: "Jamie now lives…". */
export const ADVERBS = new Set('now also still recently then really just always never currently already again finally often usually'.split(' '));

/** Verbs after a sentence-initial word that make it a person: "Hope has been offered…", but not "Will update…". */
export const PERSON_VERBS = new Set(
  `has had is was will would can could should must does did doesn't didn't isn't wasn't hasn't won't cannot wants wanted said says told asked asks moved moves attended attends attending has been
   remains remained started starts left leaves lives lived went goes enjoys enjoyed likes liked loves refused refuses
   disclosed reported reports got gets took takes passed passes completed completes turned turns returned returns
   joined joins spoke speaks met meets visited visits stays stayed continues continued needs needed feels felt
   seems seemed shows showed made makes gave gives came comes went were are and`.split(/\s+/),
);
