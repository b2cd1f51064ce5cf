//! A roundtable of the four nations for the tests to add and find: real
//! organisations, invented people. The names are fictional on purpose;
//! tests should not carry real people's details.

use super::TestStore;

/// An organisation at the table: name, type, and place as a user would
/// type it.
pub struct Organisation {
    /// The name, as `kith add org` takes it.
    pub name: &'static str,
    /// A word of `--type`.
    pub org_type: &'static str,
    /// `--place`: a name, a Welsh name or a GSS code.
    pub place: &'static str,
    /// A short form people type when searching, and what it should find.
    pub short: &'static str,
}

/// A participant: who they are, where they work, and how people might
/// mistype them.
pub struct Participant {
    /// Full name.
    pub name: &'static str,
    /// A typo of the surname with two letters swapped, so that it is not
    /// a subsequence of the real spelling.
    pub typo: &'static str,
    /// The organisation, exactly as in [`ORGANISATIONS`].
    pub organisation: &'static str,
    /// Their role.
    pub role: &'static str,
    /// `--place` as typed: English name, Welsh name or GSS code.
    pub place: &'static str,
}

/// The organisations at the table.
pub const ORGANISATIONS: [Organisation; 12] = [
    org(
        "Welsh Government",
        "devolved-government",
        "Cardiff",
        "welsh gov",
    ),
    org(
        "Scottish Government",
        "devolved-government",
        "S12000036",
        "scottish gov",
    ),
    org(
        "Department of Health (Northern Ireland)",
        "devolved-government",
        "Belfast",
        "department of health northern ireland",
    ),
    org(
        "Cardiff Council",
        "local-authority",
        "Caerdydd",
        "cardiff council",
    ),
    org(
        "Glasgow City Council",
        "local-authority",
        "S12000049",
        "glasgow council",
    ),
    org(
        "Belfast City Council",
        "local-authority",
        "N09000003",
        "belfast council",
    ),
    org(
        "Birmingham City Council",
        "local-authority",
        "E08000025",
        "birmingham council",
    ),
    org(
        "Swansea Council",
        "local-authority",
        "Abertawe",
        "swansea council",
    ),
    org(
        "Monmouthshire County Council",
        "local-authority",
        "Sir Fynwy",
        "monmouthshire",
    ),
    org(
        "Wales Centre for Public Policy",
        "what-works-centre",
        "W06000015",
        "wcpp",
    ),
    org(
        "Education Endowment Foundation",
        "what-works-centre",
        "Westminster",
        "eef",
    ),
    org(
        "Centre for Homelessness Impact",
        "what-works-centre",
        "Westminster",
        "homelessness impact",
    ),
];

const fn org(
    name: &'static str,
    org_type: &'static str,
    place: &'static str,
    short: &'static str,
) -> Organisation {
    Organisation {
        name,
        org_type,
        place,
        short,
    }
}

/// The sixteen participants.
pub const PARTICIPANTS: [Participant; 16] = [
    person(
        "Siân Prydderch",
        "pyrdderch",
        "Welsh Government",
        "Deputy Director",
        "Caerdydd",
    ),
    person(
        "Dafydd Meirion",
        "meiroin",
        "Welsh Government",
        "Policy Adviser",
        "Gwynedd",
    ),
    person(
        "Morag Kinnaird",
        "kinniard",
        "Scottish Government",
        "Head of Analysis",
        "S12000036",
    ),
    person(
        "Fergus McAllister",
        "mcallsiter",
        "Scottish Government",
        "Economist",
        "Glasgow City",
    ),
    person(
        "Niamh Gallagher",
        "gallahger",
        "Department of Health (Northern Ireland)",
        "Policy Lead",
        "Belfast",
    ),
    person(
        "Ciarán Doherty",
        "dohetry",
        "Belfast City Council",
        "Strategic Director",
        "N09000003",
    ),
    person(
        "Rhodri Vaughan",
        "vuaghan",
        "Cardiff Council",
        "Head of Housing",
        "W06000015",
    ),
    person(
        "Callum Strachan",
        "strahcan",
        "Glasgow City Council",
        "Service Manager",
        "S12000049",
    ),
    person(
        "Kirsty Ballantyne",
        "ballantnye",
        "Glasgow City Council",
        "Analyst",
        "Glasgow City",
    ),
    person(
        "Grace Whitfield",
        "whitfeild",
        "Birmingham City Council",
        "Director",
        "E08000025",
    ),
    person(
        "Eleri Pennant",
        "penannt",
        "Swansea Council",
        "Education Officer",
        "Abertawe",
    ),
    person(
        "Tomos Bevan",
        "bevna",
        "Monmouthshire County Council",
        "Chief Officer",
        "Sir Fynwy",
    ),
    person(
        "Gethin Rowlands",
        "rowladns",
        "Wales Centre for Public Policy",
        "Director",
        "Cardiff",
    ),
    person(
        "Priya Halsworth",
        "halswroth",
        "Education Endowment Foundation",
        "Head",
        "Camden",
    ),
    person(
        "Oliver Ashdown",
        "ashdwon",
        "Centre for Homelessness Impact",
        "Researcher",
        "Lambeth",
    ),
    person(
        "Hannah Okonjo",
        "okonoj",
        "Wales Centre for Public Policy",
        "Fellow",
        "Swansea",
    ),
];

const fn person(
    name: &'static str,
    typo: &'static str,
    organisation: &'static str,
    role: &'static str,
    place: &'static str,
) -> Participant {
    Participant {
        name,
        typo,
        organisation,
        role,
        place,
    }
}

impl Participant {
    /// The surname in lower case: the last word of the name.
    pub fn surname(&self) -> String {
        self.name
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_lowercase()
    }

    /// The first name.
    pub fn first_name(&self) -> &str {
        self.name.split(' ').next().unwrap_or_default()
    }

    /// The GSS code and nation slug the place must be stored as.
    pub fn expected_place(&self) -> (&'static str, &'static str) {
        place_code(self.place)
    }
}

/// The GSS code and nation slug of each place the roundtable uses, written
/// out here from the ONS gazetteer so that the tests do not trust kith's
/// own table.
pub fn place_code(typed: &str) -> (&'static str, &'static str) {
    match typed {
        "Cardiff" | "Caerdydd" | "W06000015" => ("W06000015", "wales"),
        "Swansea" | "Abertawe" => ("W06000011", "wales"),
        "Sir Fynwy" | "Monmouthshire" => ("W06000021", "wales"),
        "Gwynedd" => ("W06000002", "wales"),
        "Glasgow City" | "S12000049" => ("S12000049", "scotland"),
        "S12000036" => ("S12000036", "scotland"),
        "Belfast" | "N09000003" => ("N09000003", "northern-ireland"),
        "E08000025" | "Birmingham" => ("E08000025", "england"),
        "Westminster" => ("E09000033", "england"),
        "Camden" => ("E09000007", "england"),
        "Lambeth" => ("E09000022", "england"),
        other => panic!("the roundtable does not know the place {other:?}"),
    }
}

/// Adds the whole roundtable to a store: organisations first (with their
/// types and places), then each participant with `--org`, which must find
/// the organisation already there rather than make another.
#[track_caller]
pub fn seat(store: &TestStore) {
    for organisation in &ORGANISATIONS {
        store.add(
            "org",
            organisation.name,
            &[
                "--type",
                organisation.org_type,
                "--place",
                organisation.place,
            ],
        );
    }
    for participant in &PARTICIPANTS {
        let email = format!("{}@example.org", participant.surname());
        store.add(
            "person",
            participant.name,
            &[
                "--org",
                participant.organisation,
                "--role",
                participant.role,
                "--place",
                participant.place,
                "--email",
                &email,
            ],
        );
    }
}
