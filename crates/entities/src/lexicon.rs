//! Word lists that feed the tagger's gazetteer features: countries, nationalities, major cities,
//! common given names, words that head organisation names, and titles. The lists are general
//! knowledge written for this crate (ISO 3166 short country names, common demonyms, capitals
//! and large cities, frequent given names), not taken from any corpus; the starter gazetteer's
//! names are added on top (see [`Lexicon::standard`]).
//!
//! A hit is a bit set: for each list, one bit when the word is the first word of an entry and
//! one when it is a later word ("New" in "New York" versus "York").

use std::collections::HashMap;
use std::sync::OnceLock;

/// Which lists a word belongs to, and where in an entry (see the module doc).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LexiconHit(pub u32);

/// The lists, in bit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    Country = 0,
    Nationality,
    City,
    GivenName,
    OrganisationWord,
    Title,
    GazetteerPerson,
    GazetteerOrganisation,
    GazetteerPlace,
    GazetteerGroup,
    GazetteerOutlet,
}

#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    words: HashMap<String, u32>,
}

impl Lexicon {
    pub fn add(&mut self, list: List, entry: &str) {
        for (i, word) in entry.split([' ', '-']).filter(|w| !w.is_empty()).enumerate() {
            let bit = (list as u32) * 2 + u32::from(i > 0);
            *self.words.entry(word.to_lowercase()).or_default() |= 1 << bit;
        }
    }

    pub fn lookup(&self, lower: &str) -> LexiconHit {
        LexiconHit(self.words.get(lower).copied().unwrap_or(0))
    }

    /// The built-in lists plus the names and aliases of the starter gazetteer.
    pub fn standard() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let mut lexicon = Lexicon::default();
            for (list, entries) in [
                (List::Country, COUNTRIES),
                (List::Nationality, NATIONALITIES),
                (List::City, CITIES),
                (List::GivenName, GIVEN_NAMES),
                (List::OrganisationWord, ORGANISATION_WORDS),
                (List::Title, TITLES),
            ] {
                for entry in entries.split(',') {
                    let entry = entry.trim();
                    if !entry.is_empty() {
                        lexicon.add(list, entry);
                    }
                }
            }
            crate::gazetteer::Gazetteer::starter().feed_lexicon(&mut lexicon);
            lexicon
        })
    }
}

const COUNTRIES: &str = "Afghanistan, Albania, Algeria, Andorra, Angola, Argentina, Armenia, \
Australia, Austria, Azerbaijan, Bahamas, Bahrain, Bangladesh, Barbados, Belarus, Belgium, Belize, \
Benin, Bhutan, Bolivia, Bosnia, Herzegovina, Botswana, Brazil, Brunei, Bulgaria, Burkina Faso, \
Burundi, Cambodia, Cameroon, Canada, Cape Verde, Chad, Chile, China, Colombia, Comoros, Congo, \
Costa Rica, Croatia, Cuba, Cyprus, Czech Republic, Czechia, Denmark, Djibouti, Dominica, \
Dominican Republic, Ecuador, Egypt, El Salvador, Equatorial Guinea, Eritrea, Estonia, Eswatini, \
Ethiopia, Fiji, Finland, France, Gabon, Gambia, Georgia, Germany, Ghana, Greece, Grenada, \
Guatemala, Guinea, Guyana, Haiti, Honduras, Hungary, Iceland, India, Indonesia, Iran, Iraq, \
Ireland, Israel, Italy, Ivory Coast, Jamaica, Japan, Jordan, Kazakhstan, Kenya, Kiribati, Kosovo, \
Kuwait, Kyrgyzstan, Laos, Latvia, Lebanon, Lesotho, Liberia, Libya, Liechtenstein, Lithuania, \
Luxembourg, Macedonia, Madagascar, Malawi, Malaysia, Maldives, Mali, Malta, Mauritania, \
Mauritius, Mexico, Micronesia, Moldova, Monaco, Mongolia, Montenegro, Morocco, Mozambique, \
Myanmar, Burma, Namibia, Nauru, Nepal, Netherlands, Holland, New Zealand, Nicaragua, Niger, \
Nigeria, North Korea, Norway, Oman, Pakistan, Palau, Palestine, Panama, Papua New Guinea, \
Paraguay, Peru, Philippines, Poland, Portugal, Qatar, Romania, Russia, Rwanda, Samoa, \
San Marino, Saudi Arabia, Senegal, Serbia, Seychelles, Sierra Leone, Singapore, Slovakia, \
Slovenia, Somalia, South Africa, South Korea, Korea, South Sudan, Spain, Sri Lanka, Sudan, \
Suriname, Sweden, Switzerland, Syria, Taiwan, Tajikistan, Tanzania, Thailand, Togo, Tonga, \
Trinidad, Tobago, Tunisia, Turkey, Turkmenistan, Tuvalu, Uganda, Ukraine, United Arab Emirates, \
United Kingdom, Britain, Great Britain, England, Scotland, Wales, United States, America, USA, \
U.S., UK, Uruguay, Uzbekistan, Vanuatu, Vatican, Venezuela, Vietnam, Yemen, Zambia, Zimbabwe, \
Yugoslavia, Zaire, Chechnya, Kurdistan, Tibet, Hong Kong, Macau, Puerto Rico, Greenland, \
Gaza, West Bank, Crimea, Donbas, Soviet Union, USSR";

const NATIONALITIES: &str = "Afghan, Albanian, Algerian, American, Angolan, Arab, Arabic, \
Argentine, Argentinian, Armenian, Asian, Australian, Austrian, Azerbaijani, Azeri, Bahraini, \
Bangladeshi, Belarusian, Belgian, Bolivian, Bosnian, Brazilian, British, Briton, Bulgarian, \
Burmese, Cambodian, Cameroonian, Canadian, Chechen, Chilean, Chinese, Colombian, Congolese, \
Croat, Croatian, Cuban, Cypriot, Czech, Danish, Dane, Dutch, Ecuadorean, Egyptian, English, \
Eritrean, Estonian, Ethiopian, European, Filipino, Finnish, Finn, French, Georgian, German, \
Ghanaian, Greek, Haitian, Hungarian, Icelandic, Indian, Indonesian, Iranian, Iraqi, Irish, \
Israeli, Italian, Ivorian, Jamaican, Japanese, Jordanian, Kazakh, Kenyan, Korean, Kurdish, Kurd, \
Kuwaiti, Kyrgyz, Latvian, Lebanese, Liberian, Libyan, Lithuanian, Macedonian, Malaysian, \
Malian, Maltese, Mexican, Moldovan, Mongolian, Moroccan, Nepali, Nigerian, Norwegian, Omani, \
Pakistani, Palestinian, Panamanian, Paraguayan, Persian, Peruvian, Polish, Pole, Portuguese, \
Qatari, Romanian, Russian, Rwandan, Saudi, Scottish, Scot, Senegalese, Serb, Serbian, Slovak, \
Slovenian, Somali, Spanish, Spaniard, Sudanese, Swede, Swedish, Swiss, Syrian, Taiwanese, \
Tajik, Tanzanian, Thai, Tunisian, Turkish, Turk, Turkmen, Ugandan, Ukrainian, Uruguayan, \
Uzbek, Venezuelan, Vietnamese, Welsh, Yemeni, Yugoslav, Zambian, Zimbabwean, Soviet, \
Western, Muslim, Christian, Jewish, Islamic, Sunni, Shia, Shiite, Alawite, Druze, Catholic, \
Protestant, Orthodox, Hindu, Buddhist, Latin, Balkan, Nordic, Scandinavian, African, \
Caucasian, Gulf, Levantine, Persian Gulf, Republican, Democrat, Democratic, Conservative, \
Labour, Socialist, Communist, Nazi, Olympic, Olympics, World Cup, Grand Prix, Open";

const CITIES: &str = "London, Paris, Berlin, Moscow, Washington, New York, Los Angeles, Chicago, \
Houston, Boston, Philadelphia, San Francisco, Miami, Atlanta, Detroit, Dallas, Seattle, Denver, \
Toronto, Montreal, Vancouver, Ottawa, Mexico City, Buenos Aires, Sao Paulo, Rio de Janeiro, \
Lima, Bogota, Caracas, Santiago, Havana, Madrid, Barcelona, Lisbon, Rome, Milan, Naples, Turin, \
Vienna, Prague, Budapest, Warsaw, Bucharest, Sofia, Belgrade, Zagreb, Sarajevo, Athens, \
Istanbul, Ankara, Brussels, Amsterdam, Rotterdam, The Hague, Frankfurt, Munich, Hamburg, Bonn, \
Cologne, Zurich, Geneva, Bern, Stockholm, Oslo, Copenhagen, Helsinki, Dublin, Edinburgh, \
Glasgow, Manchester, Liverpool, Birmingham, Leeds, Kiev, Kyiv, Minsk, Riga, Vilnius, Tallinn, \
St Petersburg, Sochi, Grozny, Tbilisi, Yerevan, Baku, Tehran, Baghdad, Basra, Mosul, Damascus, \
Aleppo, Homs, Hama, Idlib, Beirut, Amman, Jerusalem, Tel Aviv, Cairo, Alexandria, Riyadh, \
Jeddah, Mecca, Doha, Dubai, Abu Dhabi, Muscat, Sanaa, Aden, Kabul, Islamabad, Karachi, Lahore, \
New Delhi, Delhi, Mumbai, Bombay, Calcutta, Kolkata, Dhaka, Colombo, Kathmandu, Beijing, \
Shanghai, Hong Kong, Taipei, Tokyo, Osaka, Seoul, Pyongyang, Bangkok, Hanoi, Manila, Jakarta, \
Kuala Lumpur, Singapore, Sydney, Melbourne, Auckland, Wellington, Nairobi, Lagos, Abuja, \
Johannesburg, Cape Town, Pretoria, Kinshasa, Addis Ababa, Khartoum, Tripoli, Tunis, Algiers, \
Rabat, Casablanca, Dakar, Harare, Luanda, Kampala, Mogadishu, Astana, Tashkent, Almaty";

const GIVEN_NAMES: &str = "John, James, Robert, Michael, William, David, Richard, Charles, \
Joseph, Thomas, Christopher, Daniel, Paul, Mark, Donald, George, Kenneth, Steven, Edward, Brian, \
Ronald, Anthony, Kevin, Jason, Matthew, Gary, Timothy, Jose, Larry, Jeffrey, Frank, Scott, Eric, \
Stephen, Andrew, Raymond, Gregory, Joshua, Jerry, Dennis, Walter, Patrick, Peter, Harold, \
Douglas, Henry, Carl, Arthur, Ryan, Roger, Joe, Juan, Jack, Albert, Jonathan, Justin, Terry, \
Gerald, Keith, Samuel, Willie, Ralph, Lawrence, Nicholas, Roy, Benjamin, Bruce, Brandon, Adam, \
Harry, Fred, Wayne, Billy, Steve, Louis, Jeremy, Aaron, Randy, Howard, Eugene, Carlos, Russell, \
Bobby, Victor, Martin, Ernest, Phillip, Todd, Jesse, Craig, Alan, Shawn, Clarence, Sean, \
Philip, Chris, Johnny, Earl, Jimmy, Antonio, Danny, Bryan, Tony, Luis, Mike, Stanley, Leonard, \
Nathan, Dale, Manuel, Rodney, Curtis, Norman, Allen, Marvin, Vincent, Glenn, Jeffery, Travis, \
Jeff, Chad, Jacob, Lee, Melvin, Alfred, Kyle, Francis, Bradley, Jesus, Herbert, Frederick, Ray, \
Joel, Edwin, Don, Eddie, Ricky, Troy, Randall, Barry, Alexander, Bernard, Mario, Leroy, \
Francisco, Marcus, Micheal, Theodore, Clifford, Miguel, Oscar, Jay, Jim, Tom, Calvin, Alex, \
Jon, Ronnie, Bill, Lloyd, Tommy, Leon, Derek, Warren, Darrell, Jerome, Floyd, Leo, Alvin, Tim, \
Wesley, Gordon, Dean, Greg, Jorge, Dustin, Pedro, Derrick, Dan, Lewis, Zachary, Corey, Herman, \
Maurice, Vernon, Roberto, Clyde, Glen, Hector, Shane, Ricardo, Sam, Rick, Lester, Brent, Ramon, \
Charlie, Tyler, Gilbert, Gene, Marc, Reginald, Ruben, Brett, Angel, Nathaniel, Rafael, Leslie, \
Edgar, Milton, Raul, Ben, Chester, Cecil, Duane, Franklin, Andre, Elmer, Brad, Gabriel, Ron, \
Mitchell, Roland, Arnold, Harvey, Jared, Adrian, Karl, Cory, Claude, Erik, Darryl, Jamie, Neil, \
Jessie, Christian, Javier, Fernando, Clinton, Ted, Mathew, Tyrone, Darren, Lonnie, Lance, Cody, \
Julio, Kelly, Kurt, Allan, Nelson, Guy, Clayton, Hugh, Max, Dwayne, Dwight, Armando, Felix, \
Jimmie, Everett, Jordan, Ian, Wallace, Ken, Bob, Jaime, Casey, Alfredo, Alberto, Dave, Ivan, \
Johnnie, Sidney, Byron, Julian, Isaac, Morris, Clifton, Willard, Daryl, Ross, Virgil, Andy, \
Marshall, Salvador, Perry, Kirk, Sergio, Marion, Tracy, Seth, Kent, Terrance, Rene, Eduardo, \
Terrence, Enrique, Freddie, Wade, Mary, Patricia, Linda, Barbara, Elizabeth, Jennifer, Maria, \
Susan, Margaret, Dorothy, Lisa, Nancy, Karen, Betty, Helen, Sandra, Donna, Carol, Ruth, Sharon, \
Michelle, Laura, Sarah, Kimberly, Deborah, Jessica, Shirley, Cynthia, Angela, Melissa, Brenda, \
Amy, Anna, Rebecca, Virginia, Kathleen, Pamela, Martha, Debra, Amanda, Stephanie, Carolyn, \
Christine, Marie, Janet, Catherine, Frances, Ann, Joyce, Diane, Alice, Julie, Heather, Teresa, \
Doris, Gloria, Evelyn, Jean, Cheryl, Mildred, Katherine, Joan, Ashley, Judith, Rose, Janice, \
Nicole, Judy, Christina, Kathy, Theresa, Beverly, Denise, Tammy, Irene, Jane, Lori, Rachel, \
Marilyn, Andrea, Kathryn, Louise, Sara, Anne, Jacqueline, Wanda, Bonnie, Julia, Ruby, Lois, Tina, \
Phyllis, Norma, Paula, Diana, Annie, Lillian, Emily, Robin, Peggy, Crystal, Gladys, Rita, Dawn, \
Connie, Florence, Tracy, Edna, Tiffany, Carmen, Rosa, Cindy, Grace, Wendy, Victoria, Edith, Kim, \
Sherry, Sylvia, Josephine, Thelma, Shannon, Sheila, Ethel, Ellen, Elaine, Marjorie, Carrie, \
Charlotte, Monica, Esther, Pauline, Emma, Juanita, Anita, Rhonda, Hazel, Amber, Eva, Debbie, \
Hans, Klaus, Jurgen, Helmut, Wolfgang, Gerhard, Dieter, Werner, Franz, Jan, Pieter, Lars, Sven, \
Olaf, Nils, Jean-Pierre, Jean-Claude, Jacques, Pierre, Michel, Alain, Philippe, Francois, \
Bernard, Luc, Yves, Giuseppe, Giovanni, Luigi, Marco, Massimo, Alessandro, Andrea, Paolo, \
Fabrizio, Carlo, Javier, Miguel, Alejandro, Diego, Pablo, Sergio, Vladimir, Sergei, Sergey, Igor, \
Dmitry, Dmitri, Alexei, Alexey, Andrei, Andrey, Mikhail, Nikolai, Yuri, Boris, Viktor, Oleg, \
Ivan, Anatoly, Yevgeny, Evgeny, Gennady, Valery, Leonid, Pavel, Konstantin, Maxim, Olga, Natalia, \
Irina, Tatiana, Svetlana, Elena, Yelena, Galina, Ludmila, Marina, Ekaterina, Lech, Jerzy, \
Andrzej, Krzysztof, Tomasz, Piotr, Vaclav, Jiri, Petr, Miroslav, Slobodan, Milan, Zoran, Goran, \
Dragan, Franjo, Alija, Radovan, Ratko, Mohammed, Mohammad, Muhammad, Mohamed, Ahmed, Ahmad, \
Ali, Hassan, Hussein, Hussain, Omar, Abdullah, Abdel, Abdul, Khaled, Khalid, Mahmoud, Mustafa, \
Ibrahim, Youssef, Yusuf, Saleh, Salah, Hamid, Bashar, Hafez, Rami, Walid, Nabil, Tariq, Faisal, \
Fahd, Saud, Sultan, Recep, Tayyip, Ahmet, Mehmet, Ismail, Yasser, Benjamin, Shimon, Yitzhak, \
Ariel, Ehud, Moshe, David, Avraham, Yossi, Hiroshi, Takeshi, Kenji, Ichiro, Wei, Li, Zhang, \
Wang, Chen, Jiang, Deng, Kim, Park, Lee, Nelson, Thabo, Jacob, Kofi, Boutros, Javad, Hassan";

const ORGANISATION_WORDS: &str = "Ministry, Department, Council, Commission, Committee, \
Agency, Authority, Office, Bureau, Service, Services, Centre, Center, Institute, Foundation, \
Association, Union, Federation, League, Party, Front, Movement, Army, Forces, Force, Brigade, \
Brigades, Corps, Police, Guard, Bank, Fund, Group, Corp, Corporation, Co, Inc, Ltd, Plc, AG, \
GmbH, SA, NV, Holdings, Industries, International, Airlines, Airways, Motors, Petroleum, Oil, \
Energy, Telecom, Communications, Securities, Exchange, Court, Parliament, Assembly, Senate, \
Congress, Cabinet, Government, University, College, School, Hospital, Church, Network, Observatory, \
Organization, Organisation, Helmets, Club, United, City, Rovers, Athletic, FC, Wanderers, \
Albion, County, News, Times, Post, Journal, Herald, Tribune, Gazette, Press, Radio, Television, TV";

const TITLES: &str = "President, Prime Minister, Minister, Secretary, Spokesman, Spokeswoman, \
Spokesperson, Chairman, Chairwoman, Director, Chief, Head, Leader, Governor, Mayor, Senator, \
Representative, Ambassador, Envoy, General, Lieutenant, Colonel, Major, Captain, Admiral, \
Commander, Sergeant, King, Queen, Prince, Princess, Sheikh, Emir, Ayatollah, Imam, Pope, Bishop, \
Cardinal, Rabbi, Judge, Justice, Dr, Mr, Mrs, Ms, Sir, Lord, Lady, Professor, Prof, Gen, Col, Lt, \
Maj, Capt, Sen, Gov, Rep, Coach, Manager, Striker, Midfielder, Defender, Goalkeeper, Analyst, \
Economist, Deputy, Vice";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_and_later_words_get_their_own_bits() {
        let mut lexicon = Lexicon::default();
        lexicon.add(List::City, "New York");
        lexicon.add(List::Country, "New Zealand");
        let new = lexicon.lookup("new").0;
        assert_eq!(new, 1 << (List::City as u32 * 2) | 1 << (List::Country as u32 * 2));
        assert_eq!(lexicon.lookup("york").0, 1 << (List::City as u32 * 2 + 1));
        assert_eq!(lexicon.lookup("paris").0, 0);
    }

    #[test]
    fn standard_lexicon_knows_countries_and_names() {
        let lexicon = Lexicon::standard();
        assert_ne!(lexicon.lookup("syria").0 & 1, 0);
        assert_ne!(lexicon.lookup("igor").0 & (1 << (List::GivenName as u32 * 2)), 0);
    }
}
