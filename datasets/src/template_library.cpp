// refrain/datasets/template_library.cpp — the invented FOI template text the
// synthetic corpus generator plants. All wording is original (written for refrain,
// not taken from any real letter or from datasets/samples/). Slots: {force} is the
// authority's name, {section} a section number such as "31(3)"; no other braces.
#include <refrain/datasets/template_library.hpp>

#include <array>

namespace refrain::datasets {

namespace {
using r = template_role;
}  // namespace

// Paragraph templates (and one-line site chrome). `revision` is a later national
// wording of the same template with the same slots, or empty.
static constexpr std::array k_paragraphs{
    template_text{"harm-mapping-activity", r::harm,
                  "Disclosure under the Act counts as publication to everyone, not simply to the person who asked. "
                  "If {force} were to publish figures of this kind broken down by area and date, they could be laid "
                  "alongside material already in the public domain to map where, and how often, particular policing "
                  "methods are used. Offenders would then be able to judge which districts carry less risk of "
                  "detection and adjust their conduct accordingly, which would blunt efforts to prevent and detect "
                  "offending.",
                  "Any disclosure under the Act amounts to publication to the wider world, not only to the "
                  "applicant. If {force} were to publish figures of this kind broken down by area and date, they "
                  "could be combined with material already in the public domain to chart where, and how frequently, "
                  "particular policing methods are deployed. Offenders would then be able to judge which districts "
                  "carry less risk of detection and alter their behaviour, which would undermine efforts to prevent "
                  "and detect offending."},
    template_text{"harm-informant-trust", r::harm,
                  "Members of the community who pass intelligence to officers do so on the understanding that their "
                  "identity and the detail they supply will be safeguarded. Anything that appears to weaken that "
                  "assurance, however slight, may discourage future sources from coming forward. A drop in the flow "
                  "of intelligence would leave {force} less able to protect vulnerable people and to bring "
                  "offenders before the courts.",
                  "Members of the community who pass intelligence to officers do so trusting that their identity "
                  "and the detail they supply will be kept secure. Any step that seems to dilute that assurance, "
                  "however minor, risks deterring future sources from coming forward. A fall in the volume of "
                  "intelligence received would leave {force} less able to protect vulnerable people and to bring "
                  "offenders before the courts."},
    template_text{"harm-tactical-capability", r::harm,
                  "Revealing the specific equipment, techniques or numbers of trained staff available to {force} "
                  "would hand a clear advantage to people planning to commit offences. Criminal groups actively "
                  "study police capability and would use any confirmed detail to plan around it, choosing methods "
                  "and timings that avoid scrutiny. The tactical value of these resources depends on them remaining "
                  "undisclosed, and once released that value cannot be recovered.",
                  "Revealing the specific equipment, techniques or numbers of trained staff available to {force} "
                  "would give a marked advantage to people planning to commit offences. Organised criminals closely "
                  "study police capability and would use any confirmed detail to plan around it, choosing methods "
                  "and timings that avoid scrutiny. These resources only retain their tactical worth while they "
                  "remain undisclosed, and once released that worth is lost for good."},
    template_text{"harm-staff-safety", r::harm,
                  "Officers and civilian employees working in sensitive roles could be identified if the requested "
                  "detail were placed in the public domain. Such identification would expose them, and potentially "
                  "their families, to intimidation, harassment or physical attack by individuals with a grievance "
                  "against the police. The force has a responsibility to protect its workforce, and releasing this "
                  "material would place that duty at genuine risk.",
                  ""},
    template_text{"harm-mosaic-effect", r::harm,
                  "Although each fragment of this information may look harmless on its own, requests are frequently "
                  "submitted to several forces in identical terms. Answers gathered from many authorities can be "
                  "pieced together into a national picture that highlights gaps in coverage or capacity. {force} "
                  "must therefore weigh not only what its own reply reveals but what it contributes to a wider "
                  "jigsaw that a determined adversary could assemble.",
                  "Although each fragment of this information may appear harmless in isolation, identical requests "
                  "are often sent to many forces at the same time. Answers gathered from many authorities can be "
                  "pieced together into a national picture that exposes gaps in coverage or capacity. {force} must "
                  "therefore consider not only what its own reply reveals but how it adds to a larger jigsaw that a "
                  "determined adversary could assemble."},
    template_text{"harm-counter-terrorism-resourcing", r::harm,
                  "Publishing how many personnel or how much funding is devoted to counter terrorism work would "
                  "indicate the relative strength of protective measures in a given region. Terrorist planners look "
                  "for the weakest point, and a comparison of resourcing across areas would help them select a "
                  "target. Preventing that kind of insight is essential if {force} and its partners are to keep "
                  "people safe from attack.",
                  ""},
    template_text{"harm-investigation-integrity", r::harm,
                  "Where an inquiry remains open, early release of what has been gathered could alert a suspect to "
                  "the lines of enquiry being pursued. Evidence might be destroyed, witnesses approached or alibis "
                  "arranged before officers are ready to act. Even after a case closes, premature publicity can "
                  "prejudice a fair trial or discourage people from giving statements in later proceedings.",
                  ""},
    template_text{"pi-for-accountability-spending", r::public_interest_for,
                  "Releasing this material would show how {force} spends money raised from taxpayers and allow "
                  "people to judge whether budgets are being managed with care. Openness about expenditure supports "
                  "a culture of accountability and helps residents understand the choices made on their behalf. "
                  "These are weighty considerations in favour of disclosure.",
                  "Releasing this material would show how {force} uses money raised from council tax and central "
                  "grants, letting people judge whether budgets are managed responsibly. Openness about expenditure "
                  "supports a culture of accountability and helps residents understand the choices made on their "
                  "behalf. These considerations weigh significantly in favour of disclosure."},
    template_text{"pi-for-public-confidence", r::public_interest_for,
                  "There is a legitimate interest in people being reassured that their police service acts "
                  "lawfully, proportionately and effectively. Providing the figures would help demonstrate that "
                  "resources are directed where the need is greatest and could improve trust between {force} and "
                  "the communities it serves. Greater transparency may also encourage residents to report matters "
                  "they might otherwise keep to themselves.",
                  ""},
    template_text{"pi-for-informed-debate", r::public_interest_for,
                  "Disclosure would contribute to an informed national conversation about policing priorities and "
                  "the tools officers use. Campaign groups, journalists and elected representatives all rely on "
                  "accurate data to test official claims and to propose improvements. Making the information "
                  "available would enable that debate to proceed on the basis of fact rather than speculation.",
                  ""},
    template_text{"pi-for-confirm-existence", r::public_interest_for,
                  "Confirming whether or not material of this type is held would give the public a clearer idea of "
                  "the activities undertaken by {force} in this area. It would demonstrate a willingness to be open "
                  "about how investigations are approached and could reassure people that proper processes are "
                  "followed. Such confirmation would also show respect for the spirit of the legislation.",
                  ""},
    template_text{"pi-against-law-enforcement", r::public_interest_against,
                  "Placing these details in the open would assist offenders in evading detection and would hinder "
                  "the work of officers trying to prevent harm. Any reduction in operational effectiveness carries "
                  "a direct cost to public safety, because crimes that might have been stopped would go ahead. In "
                  "addition, resources would need to be diverted to develop replacement tactics, placing further "
                  "strain on stretched budgets.",
                  "Placing these details in the open would help offenders in evading detection and would hinder the "
                  "work of officers trying to prevent harm. Any loss of operational effectiveness carries a direct "
                  "cost to public safety, because crimes that might have been stopped would go ahead. The force "
                  "would also have to divert resources into developing replacement tactics, adding further pressure "
                  "to already stretched budgets."},
    template_text{"pi-against-security-bodies", r::public_interest_against,
                  "The police service works closely with partner agencies whose activities are deliberately kept "
                  "out of public view. Disclosing anything that reveals the nature or extent of that co-operation "
                  "would damage relationships built over many years and could reduce the willingness of those "
                  "partners to share intelligence with {force} in future.",
                  ""},
    template_text{"pi-against-health-safety", r::public_interest_against,
                  "Where release could place any person in danger, the interest in protecting their physical and "
                  "mental wellbeing carries very considerable weight. It is difficult to identify a benefit to the "
                  "wider public that would justify exposing an individual to threats or reprisals. {force} is "
                  "unwilling to take a step that might lead to someone coming to harm.",
                  ""},
    template_text{"pi-against-confirm-deny", r::public_interest_against,
                  "Stating whether or not anything is held would itself convey information of value to those "
                  "engaged in criminality. A confirmation in one case and a denial in another would, over time, "
                  "allow patterns to emerge that indicate where police interest lies. To avoid that outcome, a "
                  "consistent stance must be adopted regardless of whether records actually exist.",
                  ""},
    template_text{"balance-withhold-operational", r::balancing,
                  "Having weighed the factors on each side, {force} has reached the view that the arguments for "
                  "withholding are stronger. Effective law enforcement and the safety of the public must take "
                  "precedence over the general benefit of openness in this instance. The exemption at section "
                  "{section} is therefore maintained and the information will not be supplied.",
                  "Having weighed the factors on each side, {force} considers that the case for withholding is the "
                  "stronger one. Effective law enforcement and the safety of the public must take precedence over "
                  "the general benefit of openness on this occasion. Section {section} is therefore engaged and "
                  "upheld, and the requested information will not be released."},
    template_text{"balance-ncnd-maintained", r::balancing,
                  "After careful consideration, it is concluded that the public interest is best served by relying "
                  "on section {section} and declining to state whether relevant material exists. Although openness "
                  "is valued, it cannot outweigh the need to protect sensitive policing methods from exposure. No "
                  "inference should be drawn from this response about whether {force} possesses any such records.",
                  ""},
    template_text{"balance-release-partial", r::balancing,
                  "On reflection, some of the requested figures can be published without causing the harm described "
                  "above, and these are provided in the table below. The remaining details, which relate to "
                  "specific locations and named units, have been withheld under section {section} because the risk "
                  "of damage to operations outweighs the benefit of release.",
                  ""},
    template_text{"balance-national-security", r::balancing,
                  "The protection of the United Kingdom from those who would do it serious harm is a consideration "
                  "of the highest order. While transparency around policing decisions is important, it cannot "
                  "justify any disclosure that might weaken national defences or assist hostile actors. {force} is "
                  "satisfied that the balance falls firmly in favour of relying on section {section}.",
                  "Shielding the United Kingdom from those who would do it serious harm is a consideration of the "
                  "highest order. While transparency around policing decisions matters, it cannot justify any "
                  "disclosure that might weaken national defences or aid hostile actors. Accordingly {force} is "
                  "content that the balance lies clearly in favour of relying on section {section}."},
    template_text{"ncnd-covert-tactics", r::ncnd,
                  "{force} is unable to say whether it possesses material of the kind described in your request. "
                  "Giving a definite answer either way would signal whether particular covert techniques are, or "
                  "are not, in use, which in itself could assist criminals. Nothing in this reply is intended to "
                  "suggest that such records exist, or that they do not. The provisions being relied on are "
                  "explained in the paragraphs that follow.",
                  "{force} is unable to say whether it possesses material of the kind described in your request. A "
                  "definite answer either way would reveal whether particular covert techniques are, or are not, "
                  "being used, which in itself could benefit criminals. Nothing in this reply is meant to imply "
                  "that such records exist, or that they do not. The exemptions relied upon are set out in the "
                  "paragraphs that follow."},
    template_text{"ncnd-security-bodies", r::ncnd,
                  "In line with section 23(5) and section 24(2) of the Act, this force will not say whether it "
                  "holds anything concerning the involvement of security bodies in the matters you describe. Where "
                  "an answer would reveal dealings with those bodies or weaken the protection of the country, the "
                  "Act removes the obligation to state whether records exist.",
                  ""},
    template_text{"ncnd-individual-personal-data", r::ncnd,
                  "You have asked for material about a named individual. Confirming whether {force} holds anything "
                  "about that person would reveal something about them to the world, which would be incompatible "
                  "with data protection law. Accordingly, by virtue of section 40(5), the force has no obligation "
                  "to say whether records exist.",
                  ""},
    template_text{"exemption-s23", r::exemption,
                  "Section 23 is an absolute exemption covering information supplied by, or relating to, bodies "
                  "such as the Security Service, the Secret Intelligence Service and GCHQ. Because it is absolute, "
                  "there is no requirement to consider the public interest. Where {force} holds material that "
                  "originated with any of these agencies, it cannot be released under this legislation.",
                  ""},
    template_text{"exemption-s24", r::exemption,
                  "Section 24 allows information to be withheld where this is required for the purpose of "
                  "safeguarding national security. It is a qualified exemption, so the harm must be identified and "
                  "the public interest considered. No specific threat needs to be demonstrated, as preventive "
                  "measures are a legitimate reason for applying it, and the sections below set out the reasoning "
                  "of {force} in full.",
                  ""},
    template_text{"exemption-s30", r::exemption,
                  "Information held for the purposes of an investigation which the force has a duty to conduct is "
                  "covered by section 30. This is a class-based qualified exemption, meaning the information need "
                  "only fall within the described category, although a public interest test must still be carried "
                  "out. Its aim is to preserve the integrity of inquiries and any subsequent proceedings.",
                  ""},
    template_text{"exemption-s31", r::exemption,
                  "Section {section} may be applied where releasing information would damage, or would probably "
                  "damage, the work of preventing and detecting crime or of catching and prosecuting offenders. As "
                  "this is a prejudice-based and qualified provision, {force} is required to set out the harm and "
                  "then assess whether the public interest favours withholding.",
                  "Section {section} may be applied where releasing information would damage, or would probably "
                  "damage, the work of preventing and detecting crime or of catching and prosecuting offenders. "
                  "Because this provision is both prejudice-based and qualified, {force} must first describe the "
                  "harm and then decide whether the balance of interests favours withholding."},
    template_text{"exemption-s38", r::exemption,
                  "Under section 38, information may be withheld if disclosure would be likely to endanger the "
                  "physical or mental health, or the safety, of any individual. This exemption is qualified, so an "
                  "evaluation of harm and a balancing exercise have both been completed. Staff welfare and the "
                  "wellbeing of witnesses are relevant here.",
                  ""},
    template_text{"exemption-s40", r::exemption,
                  "Personal data about third parties is covered by section 40(2) where releasing it would "
                  "contravene the principles set out in data protection legislation. The people concerned could not "
                  "reasonably expect their details to be made public through this route, and no lawful basis for "
                  "disclosure has been identified. {force} has therefore withheld names, collar numbers and other "
                  "identifying particulars.",
                  ""},
    template_text{"exemption-s12-cost", r::exemption,
                  "Section 12 permits an authority to decline a request where the cost of finding and extracting "
                  "the information would exceed the appropriate limit, currently set at 450 pounds or eighteen "
                  "hours of work. Locating the records you describe would require a manual review of every case "
                  "file for the period, which {force} estimates would take far longer than the limit allows. You "
                  "may wish to narrow your request, for example by shortening the date range.",
                  "Section 12 permits an authority to decline a request where the cost of finding and extracting "
                  "the information would exceed the appropriate limit, currently set at 450 pounds or eighteen "
                  "hours of work. Retrieving the records you describe would mean reading every case file for the "
                  "period by hand, which {force} estimates would take far longer than the limit allows. A narrower "
                  "request, covering a shorter date range or a single district, may be answerable."},
    template_text{"exemption-s21-accessible", r::exemption,
                  "Some of the information you seek is already available to you elsewhere and is therefore exempt "
                  "under section 21. {force} publishes monthly crime statistics and annual budget summaries on its "
                  "website, and a link to the relevant pages has been included below for your convenience.",
                  ""},
    template_text{"ack-request-received", r::acknowledgement,
                  "{force} has received your request for information, which is being dealt with under the Freedom "
                  "of Information Act 2000. We aim to reply within twenty working days, although this may be "
                  "extended if a public interest test is required. When writing to us again, please include the "
                  "reference given at the head of this letter.",
                  "{force} has received your request for information, which is being dealt with under the Freedom "
                  "of Information Act 2000. We will normally respond within twenty working days, though more time "
                  "may be needed where the public interest has to be weighed. When writing to us again, please "
                  "include the reference given at the head of this letter."},
    template_text{"ack-partial-disclosure", r::acknowledgement,
                  "Following a search of the relevant systems, {force} has decided to release part of what you were "
                  "hoping to obtain. Some details are being withheld, and for those parts this letter serves as "
                  "formal notice of refusal, as section 17 requires. The reasons for each exemption relied upon are "
                  "explained below, together with the outcome of any public interest test.",
                  ""},
    template_text{"ack-clarification", r::acknowledgement,
                  "Before your request can be progressed, further detail is needed to identify the records you are "
                  "interested in. Could you please confirm the time period, the geographic area and the type of "
                  "incident you mean? The statutory deadline will begin again once your reply has been received by "
                  "{force}.",
                  ""},
    template_text{"appeal-internal-review", r::appeal_rights,
                  "Applicants who are dissatisfied with how their request was handled are entitled to have the "
                  "decision looked at again. To ask for this, write to the Information Access Team at {force} no "
                  "later than forty working days after the date on this letter, saying which points you would like "
                  "revisited. The reconsideration is carried out by a senior officer who had no involvement in the "
                  "first decision and who will approach the matter with fresh eyes.",
                  "Applicants who are dissatisfied with how their request was handled are entitled to have the "
                  "decision looked at again. To ask for this, contact the Information Access Team at {force} no "
                  "later than forty working days after the date on this letter, setting out the points you would "
                  "like revisited. A senior member of staff with no involvement in the first decision will then "
                  "carry out the reconsideration independently."},
    template_text{"appeal-information-commissioner", r::appeal_rights,
                  "If the outcome of that review still does not satisfy you, the matter can be taken up with the "
                  "Information Commissioner, who has powers to act under section 50. The Commissioner will not "
                  "usually investigate until the internal process has been exhausted. Details of how to raise a "
                  "complaint can be found on the regulator's website or by telephoning its helpline.",
                  ""},
    template_text{"closing-copyright", r::closing,
                  "Material supplied in this response remains subject to copyright held by {force} unless otherwise "
                  "stated. You are free to use it for your own private study or for non-commercial research, but "
                  "any wider reuse, such as publication or sale, requires permission from the copyright holder. "
                  "Information originating from other bodies may be protected by their own rights.",
                  "Material supplied in this response remains subject to copyright held by {force} unless otherwise "
                  "stated. You may use it for private study or non-commercial research, but any further reuse, such "
                  "as publication or sale, needs the consent of the copyright holder. Information originating from "
                  "other bodies may be protected by their own rights."},
    template_text{"closing-data-caveat", r::closing,
                  "Please note that the figures provided are drawn from live operational systems and may change as "
                  "records are updated or reclassified. They have not been subject to formal quality assurance and "
                  "should not be compared with official statistics without taking account of differences in "
                  "recording practice.",
                  ""},
    template_text{"closing-contact", r::closing,
                  "We appreciate your interest in {force} and what it does. If you have any questions about this "
                  "reply, please contact the disclosure unit and mention the case number printed on the first page. "
                  "We publish a selection of our responses in a disclosure log so that other members of the public "
                  "can benefit from them.",
                  ""},
    template_text{"chrome-quick-exit", r::site_chrome,
                  "Leave this page straight away by pressing the Esc key twice, which opens a neutral weather "
                  "website.",
                  ""},
    template_text{"chrome-cookie-banner", r::site_chrome,
                  "We use essential cookies to keep this website running and optional analytics cookies to learn "
                  "how visitors use our pages.",
                  ""},
    template_text{"chrome-cookie-buttons", r::site_chrome,
                  "Accept additional cookies | Reject additional cookies | View cookie preferences | Hide this "
                  "message",
                  ""},
    template_text{"chrome-skip-link", r::site_chrome,
                  "Skip to main content or use the search box to find advice, news and online reporting services.",
                  ""},
    template_text{"chrome-report-online", r::site_chrome,
                  "Report a crime, tell us about an incident or contact us about something that is not an "
                  "emergency. In an emergency always dial 999.",
                  ""},
    template_text{"chrome-footer-links", r::site_chrome,
                  "Accessibility statement | Privacy notice | Terms and conditions | Modern slavery statement | "
                  "Sitemap | Contact us",
                  ""},
};

// Short standalone template sentences (6-16 words each).
static constexpr std::array<std::string_view, 16> k_sentences{
    "Many thanks for your email seeking information held by this force.",
    "Your request was logged on the date shown and given a unique reference.",
    "I note that you wish to obtain the details listed below.",
    "Your questions are reproduced below, followed by our answer to each one.",
    "Searches have been carried out across all relevant force databases.",
    "This force holds no information that falls within your request.",
    "The information you requested is set out in the attached spreadsheet.",
    "Please accept our apologies for the delay in replying to you.",
    "I trust this answers your request to your satisfaction.",
    "Yours sincerely, Disclosure Officer, Information Access Team.",
    "Numbers below five have been replaced with an asterisk to protect individuals.",
    "Your request is now being processed within the statutory timeframe.",
    "We have considered your request under the Environmental Information Regulations instead.",
    "Each question is answered in turn, in the order you asked it.",
    "Where a question could not be answered, the reason is given alongside it.",
    "The figures cover the period from the first of April to date.",
};

// Distinct lowercase words for bespoke (non-template) text.
static constexpr std::array<std::string_view, 811> k_vocabulary{
    "officer", "constable", "sergeant", "inspector", "superintendent", "detective", "patrol",
    "custody", "cell", "warrant", "arrest", "caution", "charge", "court", "magistrate", "jury",
    "verdict", "sentence", "probation", "prison", "witness", "victim", "suspect", "offender",
    "burglary", "robbery", "theft", "fraud", "assault", "vandalism", "graffiti", "shoplifting",
    "trespass", "harassment", "stalking", "speeding", "parking", "collision", "crash", "helmet",
    "uniform", "badge", "baton", "handcuffs", "radio", "vehicle", "van", "car", "motorcycle",
    "bicycle", "horse", "dog", "kennel", "handler", "trainer", "drone", "camera", "footage",
    "evidence", "exhibit", "fingerprint", "sample", "laboratory", "forensic", "analyst", "database",
    "record", "file", "folder", "statement", "interview", "notebook", "pocket", "desk", "station",
    "headquarters", "office", "canteen", "locker", "garage", "depot", "yard", "compound", "fence",
    "gate", "barrier", "cone", "siren", "light", "beacon", "tyre", "engine", "fuel", "mileage",
    "invoice", "receipt", "contract", "supplier", "tender", "budget", "overtime", "salary",
    "pension", "allowance", "shift", "rota", "roster", "recruit", "trainee", "volunteer", "cadet",
    "chaplain", "nurse", "doctor", "paramedic", "ambulance", "firefighter", "council", "mayor",
    "councillor", "resident", "neighbour", "shopkeeper", "landlord", "tenant", "student", "pupil",
    "teacher", "parent", "child", "teenager", "pensioner", "driver", "cyclist", "pedestrian",
    "passenger", "commuter", "tourist", "visitor", "festival", "match", "stadium", "crowd", "march",
    "protest", "rally", "concert", "carnival", "market", "fair", "parade", "ceremony", "funeral",
    "wedding", "kitchen", "garden", "street", "road", "lane", "avenue", "bridge", "river", "canal",
    "park", "playground", "school", "library", "hospital", "church", "chapel", "temple", "pub",
    "cafe", "restaurant", "supermarket", "bakery", "pharmacy", "bank", "village", "town", "city",
    "county", "harbour", "beach", "cliff", "forest", "field", "farm", "barn", "tractor", "sheep",
    "cattle", "livestock", "poacher", "badger", "deer", "fox", "pheasant", "hedge", "ditch",
    "footpath", "bridleway", "motorway", "junction", "roundabout", "layby", "underpass", "tunnel",
    "railway", "platform", "train", "bus", "coach", "taxi", "tram", "ferry", "airport", "runway",
    "hangar", "helicopter", "boat", "dinghy", "lifejacket", "buoy", "pier", "marina", "warehouse",
    "factory", "workshop", "shed", "allotment", "caravan", "campsite", "hostel", "hotel", "flat",
    "house", "bungalow", "cottage", "terrace", "estate", "tower", "block", "basement", "attic",
    "loft", "stairwell", "corridor", "lift", "doorway", "window", "doorbell", "letterbox", "alarm",
    "padlock", "key", "lock", "safe", "cabinet", "drawer", "shelf", "cupboard", "fridge", "kettle",
    "teapot", "mug", "biscuit", "sandwich", "breakfast", "lunch", "dinner", "supper", "snack",
    "bread", "butter", "cheese", "apple", "orange", "potato", "carrot", "onion", "soup", "stew",
    "pie", "cake", "chocolate", "coffee", "tea", "milk", "sugar", "water", "juice", "bottle", "can",
    "carton", "bag", "parcel", "envelope", "stamp", "postcard", "letter", "newspaper", "magazine",
    "leaflet", "poster", "flyer", "noticeboard", "calendar", "diary", "clock", "watch", "phone",
    "laptop", "tablet", "printer", "scanner", "keyboard", "screen", "monitor", "cable", "charger",
    "battery", "socket", "plug", "bulb", "lamp", "torch", "candle", "blanket", "pillow", "duvet",
    "towel", "soap", "shampoo", "toothbrush", "umbrella", "raincoat", "jacket", "coat", "scarf",
    "glove", "boot", "shoe", "sock", "hat", "cap", "jumper", "shirt", "trousers", "skirt", "dress",
    "suit", "tie", "belt", "wallet", "purse", "handbag", "rucksack", "suitcase", "ticket",
    "passport", "licence", "permit", "certificate", "form", "application", "signature", "stampede",
    "queue", "steward", "marshal", "referee", "whistle", "trophy", "medal", "ribbon", "banner",
    "flag", "weather", "rain", "drizzle", "fog", "frost", "snow", "ice", "sleet", "hail", "storm",
    "gale", "wind", "sunshine", "heatwave", "drought", "flood", "puddle", "mud", "gravel", "tarmac",
    "pavement", "kerb", "verge", "lamppost", "bollard", "bench", "bin", "recycling", "litter",
    "rubbish", "skip", "dumping", "sewer", "drain", "gutter", "pothole", "roadworks", "scaffolding",
    "crane", "digger", "bulldozer", "lorry", "trailer", "mechanic", "repair", "service",
    "inspection", "audit", "review", "survey", "questionnaire", "consultation", "meeting", "agenda",
    "minutes", "committee", "board", "panel", "chair", "secretary", "treasurer", "manager",
    "supervisor", "director", "chief", "deputy", "assistant", "clerk", "receptionist", "cleaner",
    "caretaker", "porter", "guard", "courier", "postman", "electrician", "plumber", "carpenter",
    "builder", "painter", "decorator", "gardener", "florist", "butcher", "baker", "grocer",
    "barber", "hairdresser", "tailor", "cobbler", "jeweller", "pawnbroker", "auctioneer",
    "accountant", "solicitor", "barrister", "judge", "coroner", "registrar", "surveyor",
    "architect", "engineer", "chemist", "pharmacist", "dentist", "optician", "vet", "midwife",
    "carer", "counsellor", "mentor", "tutor", "lecturer", "librarian", "curator", "archivist",
    "historian", "journalist", "reporter", "photographer", "editor", "broadcaster", "presenter",
    "politician", "minister", "campaigner", "charity", "trustee", "donor", "sponsor", "fundraiser",
    "auction", "raffle", "bake", "jumble", "bingo", "quiz", "darts", "snooker", "football",
    "cricket", "rugby", "tennis", "golf", "swimming", "cycling", "running", "rowing", "sailing",
    "fishing", "hiking", "climbing", "camping", "picnic", "barbecue", "bonfire", "fireworks",
    "lantern", "pumpkin", "holiday", "weekend", "morning", "afternoon", "evening", "midnight",
    "dawn", "dusk", "spring", "summer", "autumn", "winter", "january", "february", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "fortnight", "quarter", "year",
    "decade", "century", "anniversary", "birthday", "patrolled", "investigated", "interviewed",
    "arrested", "charged", "released", "searched", "seized", "recorded", "reported", "attended",
    "responded", "dispatched", "escorted", "guarded", "monitored", "inspected", "reviewed",
    "audited", "purchased", "ordered", "delivered", "repaired", "replaced", "installed", "upgraded",
    "maintained", "trained", "recruited", "deployed", "assigned", "transferred", "retired",
    "resigned", "promoted", "suspended", "dismissed", "cautioned", "fined", "convicted",
    "acquitted", "sentenced", "appealed", "complained", "praised", "thanked", "rescued", "located",
    "traced", "identified", "photographed", "filmed", "measured", "weighed", "counted",
    "calculated", "estimated", "budgeted", "spent", "saved", "borrowed", "lent", "bought", "sold",
    "rented", "leased", "hired", "cleaned", "painted", "fixed", "built", "demolished", "planted",
    "harvested", "cooked", "baked", "washed", "ironed", "folded", "packed", "unpacked", "posted",
    "emailed", "phoned", "texted", "visited", "travelled", "commuted", "walked", "ran", "drove",
    "cycled", "parked", "towed", "clamped", "stopped", "checked", "scanned", "printed", "filed",
    "archived", "shredded", "destroyed", "stored", "collected", "returned", "annual", "monthly",
    "weekly", "daily", "nightly", "rural", "urban", "coastal", "local", "regional", "national",
    "busy", "quiet", "rainy", "foggy", "icy", "damaged", "stolen", "missing", "broken", "new",
    "old", "expensive", "cheap", "urgent", "routine", "serious", "minor", "violent", "peaceful",
    "crowded", "empty", "noisy", "bright", "dark", "muddy", "dusty", "cold", "warm", "hot", "wet",
    "dry", "heavy", "narrow", "wide", "steep", "long", "short", "tall", "small", "large", "huge",
    "tiny", "fresh", "stale", "clean", "dirty", "tidy", "messy", "unsafe", "secure", "insecure",
    "reliable", "faulty", "modern", "ancient", "historic", "temporary", "permanent", "occasional",
    "frequent", "rare", "common", "popular", "unpopular", "friendly", "hostile", "helpful",
    "grateful", "anxious", "worried", "calm", "angry", "upset", "tired", "hungry", "thirsty",
    "cheerful", "lonely", "elderly", "vulnerable", "young", "teenage", "adult", "junior", "senior",
    "qualified", "unqualified", "experienced", "inexperienced", "uniformed", "plainclothes",
    "mounted", "armed", "unarmed", "marked", "unmarked", "electric", "diesel", "petrol", "hybrid",
    "digital", "paper", "online", "offline", "wireless", "portable", "mobile", "automatic",
    "manual", "red", "blue", "green", "yellow", "white", "black", "grey", "silver", "purple",
    "brown", "pink",
};

// Request topics a synthetic letter can be about.
static constexpr std::array<std::string_view, 60> k_topics{
    "drone purchases", "dog unit costs", "body worn video usage", "taser deployments",
    "police horse numbers", "vehicle pursuit crashes", "speed camera income", "overtime payments",
    "officer sickness absence", "stop and search figures", "deaths in custody",
    "missing person reports", "hate crime recording", "knife crime arrests", "cybercrime reports",
    "fuel card spending", "helicopter flight hours", "social media monitoring",
    "facial recognition trials", "mobile phone extraction",
    "automatic number plate recognition cameras", "firearms licensing backlog", "vetting refusals",
    "misconduct hearings", "officer second jobs", "uniform supply contracts", "station closures",
    "front counter opening hours", "101 call waiting times", "999 call answer times",
    "domestic abuse arrests", "rural crime thefts", "wildlife crime investigations",
    "fly tipping reports", "antisocial behaviour complaints", "shoplifting offences",
    "bicycle thefts", "catalytic converter thefts", "cash seizures", "proceeds of crime recoveries",
    "interpreter costs", "consultancy spending", "hotel and travel expenses",
    "recruitment advertising", "electric vehicle fleet", "computer system outages", "data breaches",
    "police cadet numbers", "special constable hours", "mental health detentions", "spit hood use",
    "covert surveillance authorisations", "informant payments", "counter terrorism funding",
    "protest policing costs", "football match policing charges", "licensed premises reviews",
    "marine unit patrols", "road closure charges", "staff survey results",
};

std::span<const template_text> template_paragraphs() { return k_paragraphs; }
std::span<const std::string_view> template_sentences() { return k_sentences; }
std::span<const std::string_view> bespoke_vocabulary() { return k_vocabulary; }
std::span<const std::string_view> topics() { return k_topics; }

}  // namespace refrain::datasets
