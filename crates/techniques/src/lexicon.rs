//! Hand-written cue lexicons, one per family of propaganda technique. They give the linear
//! models features that generalise beyond the words seen in training (a loaded adjective the
//! corpus never used still fires `loaded`). Lists are our own, lowercase, single tokens as the
//! tokenizer produces them (`so-called` is one token).

use std::collections::HashMap;
use std::sync::OnceLock;

/// A family of cue words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Loaded,
    Insult,
    Fear,
    Doubt,
    Intensifier,
    Flag,
    Authority,
    Causal,
    Absolute,
    Bandwagon,
    Contrast,
    Cliche,
    Slogan,
}

impl Cue {
    pub const ALL: [Cue; 13] = [
        Cue::Loaded,
        Cue::Insult,
        Cue::Fear,
        Cue::Doubt,
        Cue::Intensifier,
        Cue::Flag,
        Cue::Authority,
        Cue::Causal,
        Cue::Absolute,
        Cue::Bandwagon,
        Cue::Contrast,
        Cue::Cliche,
        Cue::Slogan,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Cue::Loaded => "loaded",
            Cue::Insult => "insult",
            Cue::Fear => "fear",
            Cue::Doubt => "doubt",
            Cue::Intensifier => "intens",
            Cue::Flag => "flag",
            Cue::Authority => "auth",
            Cue::Causal => "causal",
            Cue::Absolute => "absolute",
            Cue::Bandwagon => "bandwagon",
            Cue::Contrast => "contrast",
            Cue::Cliche => "cliche",
            Cue::Slogan => "slogan",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Cue::Loaded => {
                "outrageous outrage shocking shameful disgraceful disgusting horrific horrible \
                 horrendous appalling atrocious vile evil wicked sinister nefarious heinous \
                 brutal brutally savage barbaric ruthless monstrous monster devastating \
                 scandal scandalous corrupt corruption disgrace despicable deplorable pathetic \
                 ridiculous absurd insane crazy lunatic hysterical hysteria mob rampage \
                 slaughter massacre butcher butchered bloodbath bloody ruthless tyranny tyrant \
                 tyrannical oppressive persecution persecuted witch-hunt hoax sham farce \
                 lies lie lying liar deceit deceitful deceptive fraud fraudulent rigged \
                 treason treasonous betrayal betray betrayed sell-out cowardly coward \
                 heroic hero heroes glorious noble sacred holy martyr martyrs pure righteous \
                 innocent innocents victims victim cruel cruelty hateful hate hatred \
                 vicious venom venomous toxic poison poisonous sick sickening repugnant \
                 stunning stunned bombshell explosive damning damn blatant blatantly \
                 flagrant egregious infamous notorious reckless dangerous destructive \
                 chaos chaotic disaster disastrous catastrophic fiasco debacle meltdown \
                 slam slams slammed blast blasted attack attacked smear smears assault \
                 crusade jihad war warfare weaponize weaponized propaganda agenda \
                 elite elites establishment swamp deep-state radical radicals radicalized \
                 extreme extremism illegal illegals invaders invade invasion flood hordes"
            }
            Cue::Insult => {
                "idiot idiots moron morons fool fools stupid dumb imbecile clown clowns \
                 thug thugs criminal criminals crook crooks gangster gangsters terrorist \
                 terrorists extremist extremists jihadist jihadists islamist islamists \
                 fanatic fanatics zealot zealots puppet puppets stooge stooges shill shills \
                 traitor traitors regime dictator dictators despot globalist globalists \
                 leftist leftists liberal liberals libtard libtards progressive snowflake \
                 snowflakes commie commies communist communists marxist marxists socialist \
                 socialists fascist fascists nazi nazis racist racists bigot bigots sexist \
                 homophobe islamophobe xenophobe supremacist supremacists alt-right antifa \
                 demon demons devil devils pedophile pedophiles predator predators rapist \
                 scum filth degenerate degenerates parasite parasites vermin animals \
                 hypocrite hypocrites charlatan con-man conman demagogue propagandist \
                 so-called self-proclaimed self-styled wannabe rino neocon neocons hawk hawks \
                 warmonger warmongers apologist apologists cult cultists sycophant"
            }
            Cue::Fear => {
                "threat threats threaten threatens threatening danger dangers dangerous \
                 destroy destroys destroyed destruction kill kills killed killing deadly \
                 death deaths die dying fear fears afraid terror terrifying frightening \
                 horror nightmare crisis catastrophe collapse ruin ruined doom doomed \
                 apocalypse apocalyptic extinction epidemic plague pandemic outbreak \
                 invasion invade invaders overrun overwhelm attack attacks bomb bombs \
                 nuclear war wars violence violent rape raped murder murdered murders \
                 victims risk risks warn warns warned warning alarm alarming unsafe \
                 vulnerable endanger endangered wipe wiped annihilate annihilation \
                 enslave slavery surrender lose losing lost perish"
            }
            Cue::Doubt => {
                "allegedly alleged supposedly purported purportedly claim claims claimed \
                 claiming questionable dubious doubt doubts doubtful suspicious suspect \
                 unproven unverified unsubstantiated baseless bogus credibility credible \
                 really actually apparently seemingly maybe perhaps why whether if \
                 conveniently curiously strangely mysteriously mysterious question questions \
                 inconsistent inconsistencies contradict contradicts contradictory"
            }
            Cue::Intensifier => {
                "very extremely totally absolutely completely utterly entirely incredibly \
                 massive massively huge enormous tremendous gigantic immense vast biggest \
                 largest greatest worst best most least unprecedented record historic \
                 countless endless numerous millions billions thousands hundreds \
                 ever never always literally truly highly deeply seriously severely \
                 overwhelming overwhelmingly staggering astonishing unbelievable \
                 incredible epic skyrocket skyrocketing soaring surge exploding"
            }
            Cue::Flag => {
                "america american americans patriot patriots patriotic patriotism nation \
                 nations national nationalism nationalist country homeland fatherland \
                 motherland flag freedom freedoms liberty sovereignty sovereign \
                 constitution founding founders heritage tradition traditions values \
                 our we us citizens people god christian christians faith greatness \
                 russia russian russians britain british europe european israel jewish \
                 muslims muslim ummah"
            }
            Cue::Authority => {
                "according said says say stated states told explained noted added insisted \
                 expert experts scientist scientists professor doctor dr researcher \
                 researchers study studies report reports official officials spokesman \
                 spokesperson spokeswoman minister president director chief analyst \
                 analysts authority authorities institute university academy evidence \
                 data survey poll polls source sources pope bishop cardinal vatican"
            }
            Cue::Causal => {
                "because therefore thus hence consequently so since due caused causes cause \
                 causing result results resulted resulting led leads lead blame blamed \
                 blames responsible fault reason reasons why thanks"
            }
            Cue::Absolute => {
                "either or only unless nothing everything nobody everyone all none every \
                 any choice choose must only-way alternative alternatives side sides \
                 against with"
            }
            Cue::Bandwagon => {
                "everyone everybody majority most popular join joining movement millions \
                 hitler hitler's nazi nazis nazism stalin mao gulag holocaust fascism \
                 goebbels kkk"
            }
            Cue::Contrast => {
                "but yet however instead whereas while meanwhile hypocrisy hypocritical \
                 hypocrite double standard standards same compare compared what about"
            }
            Cue::Cliche => {
                "period enough simply just so-be-it whatever anyway obviously clearly \
                 course fact facts truth common-sense nonsense move"
            }
            Cue::Slogan => {
                "make great again first lock build wall drain swamp never forget united \
                 stand together strong stronger justice peace victory resist resistance \
                 believe fight win"
            }
        }
    }
}

/// Bit `i` set when the word belongs to `Cue::ALL[i]`.
pub type CueSet = u16;

fn table() -> &'static HashMap<&'static str, CueSet> {
    static TABLE: OnceLock<HashMap<&'static str, CueSet>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<&'static str, CueSet> = HashMap::new();
        for (i, cue) in Cue::ALL.iter().enumerate() {
            for word in cue.words().split_whitespace() {
                *map.entry(word).or_default() |= 1 << i;
            }
        }
        map
    })
}

/// The cue families of a lowercase word (0 when none).
pub fn cues_of(lowercase_word: &str) -> CueSet {
    table().get(lowercase_word).copied().unwrap_or(0)
}

/// The cues of a set, in [`Cue::ALL`] order.
pub fn cues_in(set: CueSet) -> impl Iterator<Item = Cue> {
    Cue::ALL.into_iter().enumerate().filter(move |(i, _)| set & (1 << i) != 0).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let check = |word: &str, expect: &[Cue]| {
            let got: Vec<Cue> = cues_in(cues_of(word)).collect();
            assert_eq!(got, expect, "cues of {word:?}");
        };
        check("so-called", &[Cue::Insult]);
        check("allegedly", &[Cue::Doubt]);
        check("because", &[Cue::Causal]);
        check("terrorists", &[Cue::Insult]);
        check("invasion", &[Cue::Loaded, Cue::Fear]);
        check("table", &[]);
        check("Allegedly", &[]); // callers lowercase first
    }
}
