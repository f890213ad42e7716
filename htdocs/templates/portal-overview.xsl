<?xml version="1.0" encoding="UTF-8"?>
<!-- portal-overview.xsl: the customer's start page: info text and the projects they may see. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('overview.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <h1><xsl:value-of select="kp:t('overview.welcome', $ctx/user/@name)"/></h1>
    <xsl:if test="string(info)">
      <section class="card info" aria-label="{kp:t('overview.info')}">
        <p class="preline"><xsl:value-of select="info"/></p>
      </section>
    </xsl:if>
    <section>
      <h2><xsl:value-of select="kp:t('overview.projects')"/></h2>
      <xsl:if test="@previous-login">
        <p class="meta"><xsl:value-of select="kp:t('overview.since', kp:datetime(@previous-login))"/></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="projects/project">
          <ul class="tiles">
            <xsl:for-each select="projects/project">
              <li>
                <a class="tile" href="{$mount}/projects/{@id}">
                  <span class="title"><xsl:value-of select="name"/></span>
                  <xsl:if test="string(number)"><span class="meta"><xsl:value-of select="number"/></span></xsl:if>
                  <xsl:if test="string(address)"><span class="meta"><xsl:value-of select="address"/></span></xsl:if>
                </a>
                <!-- only the areas the account may see have news; cancelled shifts are the
                     planning's -->
                <xsl:if test="new">
                  <ul class="news" aria-label="{kp:t('overview.news')}">
                    <xsl:for-each select="new">
                      <li><a href="{$mount}/projects/{../@id}/{@area}"><xsl:if test="@area = 'cancelled'"><xsl:attribute name="href"><xsl:value-of select="concat($mount, '/projects/', ../@id, '/planning#cancelled')"/></xsl:attribute></xsl:if><span class="badge new"><xsl:value-of select="@count"/></span>
                        <xsl:text> </xsl:text><xsl:value-of select="kp:t(concat('overview.new.', @area))"/></a></li>
                    </xsl:for-each>
                  </ul>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('overview.no_projects')"/></p></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@customer-portal = '1' and permissions/perm[@area = 'requests']">
        <p><a class="button" href="{$mount}/requests"><xsl:value-of select="kp:t('requests.without_project_link')"/></a>
          <xsl:if test="@answered-requests">
            <xsl:text> </xsl:text><a href="{$mount}/requests"><span class="badge new"><xsl:value-of select="@answered-requests"/></span>
              <xsl:text> </xsl:text><xsl:value-of select="kp:t('overview.new.requests')"/></a>
          </xsl:if>
        </p>
      </xsl:if>
    </section>
  </xsl:template>
</xsl:stylesheet>
